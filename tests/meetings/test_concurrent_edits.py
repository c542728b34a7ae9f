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
