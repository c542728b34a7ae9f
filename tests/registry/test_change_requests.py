"""Change requests: a member or nearest leader reports a change, the secretariat applies or
rejects it, and the one who reported it is told by e-mail. The e-mail goes through the
outbox to the real SMTP server once the change is committed."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from lindra.core.models import AuditAction, AuditEvent
from lindra.registry import services
from lindra.registry.models import ChangeRequest, Membership
from lindra.registry.services import RegistryError
from tests import factories as f
from tests.personas import World
from tests.registry.factories_registry import secretary

pytestmark = pytest.mark.django_db(transaction=True)

SECRETARIAT = "lindrende.behandling@klb.example"


def monas_membership(world: World) -> Membership:
    return Membership.objects.get(person=world.person("member"))


def report(client, membership: Membership, **values):
    form = {
        "kind": "further_education",
        "effective_on": "",
        "ends_on": "",
        "message": "Jeg har fullført videreutdanning i palliativ sykepleie ved VID.",
        **values,
    }
    return client.post(reverse("registry:report_change", args=[membership.pk]), form)


def handle(client, change_request: ChangeRequest, decision: str, response: str = ""):
    return client.post(
        reverse("registry:change_request", args=[change_request.pk]), {"decision": decision, "response": response}
    )


@pytest.fixture
def reported(world, client_as, outbox) -> ChangeRequest:
    """Mona has reported her further education; the secretariat's e-mail has arrived."""
    assert report(client_as("member"), monas_membership(world)).status_code == 302
    outbox.clear()
    return ChangeRequest.objects.get()


def test_a_member_reports_a_change_and_the_secretariat_receives_an_email(world, client_as, outbox):
    response = report(client_as("member"), monas_membership(world))
    assert response["Location"] == reverse("registry:person", args=[world.person("member").pk])
    change_request = ChangeRequest.objects.get()
    assert (change_request.status, change_request.requested_by, change_request.kind) == (
        ChangeRequest.Status.OPEN,
        world.user("member"),
        "further_education",
    )
    [mail] = outbox.messages
    assert mail.envelope_to == [SECRETARIAT]
    assert mail.subject == "Endringsmelding: Mona Medlem – Videreutdanning"
    assert "Mona Medlem har meldt en endring for Mona Medlem (Bergen sentrum): Videreutdanning." in mail.text
    assert "Jeg har fullført videreutdanning i palliativ sykepleie ved VID." in mail.text
    assert settings.SITE_URL + reverse("registry:change_request", args=[change_request.pk]) in mail.text


def test_a_nearest_leader_reports_a_new_leader_for_their_staff_with_a_date(world, client_as, outbox):
    aina = Membership.objects.get(person=world.person("host"))
    when = f.today() + dt.timedelta(days=14)
    response = report(
        client_as("nearest_leader"),
        aina,
        kind="nearest_leader",
        effective_on=when.isoformat(),
        message="Ny leder er Kjersti Klausen, kjersti.klausen@bergen.example.",
    )
    assert response.status_code == 302
    [mail] = outbox.to(SECRETARIAT)
    assert mail.subject == "Endringsmelding: Aina Arrangør – Ny nærmeste leder"
    assert "Lars Leder har meldt en endring for Aina Arrangør (Bergen sentrum): Ny nærmeste leder." in mail.text
    assert f"Fra dato: {when.day}." in mail.text
    # Reporting does not change the registry: the secretariat applies it.
    assert Membership.objects.get(pk=aina.pk).nearest_leader == world.person("nearest_leader")


def test_the_secretariat_sees_the_queue_of_open_requests(world, client_as, reported):
    siri = client_as("secretariat")
    queue = siri.get(reverse("registry:change_requests", args=[world.network_a.pk])).text
    waiting = queue[queue.index("Venter på behandling") : queue.index("Nylig behandlet")]
    assert "Mona Medlem" in waiting
    assert "Videreutdanning" in waiting
    assert reverse("registry:change_request", args=[reported.pk]) in waiting
    network_page = siri.get(reverse("registry:network", args=[world.network_a.pk])).text
    assert 'data-count="1"' in network_page


def test_the_secretariat_applies_a_request_and_the_member_is_told_by_email(world, client_as, reported, outbox):
    siri = client_as("secretariat")
    page = siri.get(reverse("registry:change_request", args=[reported.pk]))
    assert page.status_code == 200
    assert "Jeg har fullført videreutdanning" in page.text
    response = handle(siri, reported, "applied", "Ført inn i registeret.")
    assert response["Location"] == reverse("registry:change_requests", args=[world.network_a.pk])
    reported.refresh_from_db()
    assert (reported.status, reported.handled_by, reported.response) == (
        ChangeRequest.Status.APPLIED,
        world.user("secretariat"),
        "Ført inn i registeret.",
    )
    assert reported.handled_at is not None
    [mail] = outbox.messages
    assert mail.envelope_to == [world.email("member")]
    assert mail.subject == "Endringen er ført inn: Mona Medlem"
    assert "Sekretariatet har ført inn endringen." in mail.text
    assert "Ført inn i registeret." in mail.text
    queue = siri.get(reverse("registry:change_requests", args=[world.network_a.pk])).text
    assert "Ingen meldinger venter." in queue
    assert "Mona Medlem: Videreutdanning</a> – gjennomført" in queue
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGED, object_type="registry.ChangeRequest", changes={"status": "applied"}
    ).exists()


def test_a_rejection_needs_a_reason_which_the_member_receives(world, client_as, reported, outbox):
    siri = client_as("secretariat")
    response = handle(siri, reported, "rejected")
    assert response.status_code == 400
    assert response.context["form"].errors == {"response": ["Skriv hvorfor meldingen avvises."]}
    assert re.search(r'value="rejected"[^>]*checked', response.text)  # what she chose stays chosen
    reported.refresh_from_db()
    assert reported.status == ChangeRequest.Status.OPEN
    assert outbox.messages == []

    response = handle(siri, reported, "rejected", "Videreutdanningen er allerede registrert fra 2023.")
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == ChangeRequest.Status.REJECTED
    [mail] = outbox.messages
    assert mail.envelope_to == [world.email("member")]
    assert mail.subject == "Endringsmeldingen ble avvist: Mona Medlem"
    assert "Sekretariatet har avvist meldingen." in mail.text
    assert "Videreutdanningen er allerede registrert fra 2023." in mail.text

    # The member reads the answer on the request's page as well.
    page = client_as("member").get(reverse("registry:change_request", args=[reported.pk])).text
    assert "Avvist" in page
    assert "Videreutdanningen er allerede registrert fra 2023." in page


def test_a_request_cannot_be_handled_twice(world, client_as, reported, outbox):
    sanna = secretary(world.network_a, "Sanna")
    siri, other = client_as("secretariat"), client_as("secretariat")
    other.force_login(sanna)
    opened = other.get(reverse("registry:change_request", args=[reported.pk]))
    assert opened.status_code == 200
    assert handle(siri, reported, "applied").status_code == 302

    # Sanna had the page open and rejects it after Siri applied it.
    response = handle(other, reported, "rejected", "Mangler dokumentasjon.")
    assert response.status_code == 400
    assert "Meldingen er allerede behandlet." in response.text
    reported.refresh_from_db()
    assert (reported.status, reported.handled_by, reported.response) == (
        ChangeRequest.Status.APPLIED,
        world.user("secretariat"),
        "",
    )
    assert len(outbox.messages) == 1  # the member is told once
    with pytest.raises(RegistryError, match=re.escape("Meldingen er allerede behandlet.")):
        services.handle_change_request(reported, decision="rejected", response="Nei", by=sanna)


def test_a_member_cannot_handle_their_own_request(world, client_as, reported, outbox):
    mona = client_as("member")
    page = mona.get(reverse("registry:change_request", args=[reported.pk]))
    assert page.status_code == 200
    assert 'name="decision"' not in page.text
    assert handle(mona, reported, "applied", "Fikset selv").status_code == 403
    reported.refresh_from_db()
    assert reported.status == ChangeRequest.Status.OPEN
    assert outbox.messages == []


@pytest.mark.parametrize("role", ["other_member", "host", "group_leader", "nearest_leader", "other_secretariat"])
def test_no_one_else_sees_a_members_request(world, client_as, reported, role):
    client = client_as(role)
    assert client.get(reverse("registry:change_request", args=[reported.pk])).status_code == 404
    assert handle(client, reported, "applied").status_code == 404
    reported.refresh_from_db()
    assert reported.status == ChangeRequest.Status.OPEN


def test_a_member_cannot_report_for_someone_else(world, client_as, outbox):
    aina = Membership.objects.get(person=world.person("host"))
    assert report(client_as("member"), aina).status_code == 404  # Mona may not see Aina's page
    olav = Membership.objects.get(person=world.person("other_member"))
    assert report(client_as("nearest_leader"), olav).status_code == 404  # not Lars's staff
    assert not ChangeRequest.objects.exists()
    assert outbox.messages == []


def test_the_secretariat_link_in_the_email_opens_the_request(world, client_as, outbox):
    report(client_as("member"), monas_membership(world), kind="leave", effective_on="2026-01-01", ends_on="2026-06-30")
    [mail] = outbox.messages
    path = re.search(r"https?://\S+(/endringsmeldinger/\d+/)", mail.text).group(1)
    page = client_as("secretariat").get(path)
    assert page.status_code == 200
    assert "Permisjon: Mona Medlem" in page.text
    assert "30. juni 2026" in page.text
