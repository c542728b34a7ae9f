"""Two of the secretariat edit the same competence-plan topic or minutes template at once:
the second to save is told, keeps what they typed, and the first's change stands."""

from django.test import Client
from django.urls import reverse

from lindra.meetings.models import CompetenceTopic, MinutesTemplate
from tests.concurrency import assert_refused_keeping_what_was_typed, race
from tests.personas import World


def two_secretaries(world: World) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(world.user("secretariat"))
    second.force_login(world.user("superuser"))
    return first, second


def test_a_topic_of_the_competence_plan(world):
    topic = CompetenceTopic.objects.create(network=world.network_a, title="Smertelindring")
    first, second = two_secretaries(world)
    url = reverse("meetings:topic_edit", args=[world.network_a.pk, topic.pk])
    result = race(first, second, url, {"title": "Smerte og uro"}, {"title": "Smertebehandling"})
    assert_refused_keeping_what_was_typed(
        result.second,
        "Noen andre har endret dette i mellomtiden. Se over opplysningene under og lagre på nytt.",
        "Smertebehandling",
    )
    topic.refresh_from_db()
    assert topic.title == "Smerte og uro"


def test_the_minutes_template(world):
    first, second = two_secretaries(world)
    url = reverse("meetings:minutes_template", args=[world.network_a.pk])
    # The first save makes the template; the second started from none and is refused too.
    result = race(first, second, url, {"body": "Skriv kort."}, {"body": "Skriv utfyllende."})
    assert_refused_keeping_what_was_typed(
        result.second, "Noen andre har lagret referatmalen mens du skrev. Se over og lagre igjen.", "Skriv utfyllende."
    )
    assert MinutesTemplate.objects.get(network=world.network_a).body == "Skriv kort."
    result = race(first, second, url, {"body": "Skriv kort og greit."}, {"body": "Skriv alt."})
    assert_refused_keeping_what_was_typed(
        result.second, "Noen andre har lagret referatmalen mens du skrev. Se over og lagre igjen.", "Skriv alt."
    )
    assert MinutesTemplate.objects.get(network=world.network_a).body == "Skriv kort og greit."


def test_the_invitation_draft_of_the_host_and_the_secretariat(world):
    from lindra.meetings.models import Invitation

    host, secretary = Client(), Client()
    host.force_login(world.user("host"))
    secretary.force_login(world.user("secretariat"))
    url = reverse("meetings:invitation", args=[world.meeting.pk])
    result = race(host, secretary, url, {"text": "Velkommen til Løvåsen."}, {"text": "Husk å melde fra."})
    assert_refused_keeping_what_was_typed(
        result.second, "Noen andre har lagret innkallingen mens du skrev. Se over og lagre igjen.", "Husk å melde fra."
    )
    assert Invitation.objects.get(meeting=world.meeting).text == "Velkommen til Løvåsen."


def test_the_network_s_invitation_template(world):
    first, second = two_secretaries(world)
    url = reverse("meetings:invitation_template", args=[world.network_a.pk])
    first.post(url, {"body": "Velkommen."})  # the template exists
    result = race(first, second, url, {"body": "Velkommen til møtet."}, {"body": "Hjertelig velkommen."})
    assert_refused_keeping_what_was_typed(
        result.second,
        "Noen andre har endret dette i mellomtiden. Se over opplysningene under og lagre på nytt.",
        "Hjertelig velkommen.",
    )
