"""An invitation to a whole network (the fagdag, a course): the secretariat's request only
starts it, a background task puts the personal e-mails in the outbox while the page shows how
far it has come, the PDF and the calendar file are stored once however many carry them, and a
second run of the task sends nobody anything twice."""

import datetime as dt

import pytest
import time_machine
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lindra.mail.models import OutboxAttachment, OutboxBlob, OutboxMessage
from lindra.mail.tasks import deliver_outbox
from lindra.meetings import invitations
from lindra.meetings.models import Invitation, Meeting
from tests import factories as f

sends_mail = pytest.mark.django_db(transaction=True)
MEMBERS = 40


@pytest.fixture
def fagdag(world):
    """The fagdag of network A, with forty more members in a group of their own."""
    group = f.group(world.network_a, "Lokalgruppe Fana")
    for n in range(MEMBERS):
        f.membership(f.person("Medlem", f"Nummer{n}", email=f"medlem{n}@lindra.example"), group)
    return f.meeting(world.committee_a, kind=Meeting.Kind.FAGDAG, title="Fagdag 2026")


@pytest.fixture
def tasks_wait(settings):
    """Tasks are queued and not run, as when the worker has not come to them yet."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()


def page(meeting) -> str:
    return reverse("meetings:invitation", args=[meeting.pk])


def send(client_as, meeting):
    return client_as("secretariat").post(page(meeting), {"text": "Velkommen til fagdagen!", "action": "send"})


def personal(outbox) -> list:
    return [m for m in outbox.messages if m.subject.startswith("Innkalling:")]


@sends_mail
def test_the_pdf_and_the_calendar_file_are_stored_once_and_arrive_intact_with_every_invitation(
    world, client_as, fagdag, outbox
):
    assert send(client_as, fagdag).status_code == 302

    messages = OutboxMessage.objects.filter(kind__in=["invitation", "invitation_copy"])
    called = Invitation.objects.get(meeting=fagdag).mails_total
    assert called > MEMBERS and messages.count() == called + 1  # and the copy
    assert OutboxBlob.objects.count() == 2
    assert OutboxAttachment.objects.count() == 2 * messages.count()
    stored = {blob.sha256: bytes(blob.content) for blob in OutboxBlob.objects.all()}
    pdf = next(content for content in stored.values() if content.startswith(b"%PDF"))
    ics = next(content for content in stored.values() if content.startswith(b"BEGIN:VCALENDAR"))
    received = personal(outbox)
    assert len(received) == called
    assert len({address for m in received for address in m.envelope_to}) == called
    for mail in received:
        attachments = dict(mail.attachments)
        assert attachments["innkalling.pdf"] == pdf
        assert attachments["mote.ics"].encode() == ics
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Fagdag 2026"


@sends_mail
def test_the_send_runs_as_a_task_and_the_page_shows_how_many_are_queued(world, client_as, fagdag, outbox, tasks_wait):
    assert send(client_as, fagdag).status_code == 302

    [result] = default_task_backend.results
    assert result.task.name == "mail_invitation"
    assert invitations.invite_those_called_since() == 0  # the periodic job leaves them to the task
    assert not OutboxMessage.objects.filter(kind="invitation").exists()
    secretariat = client_as("secretariat")
    shown = secretariat.get(page(fagdag)).content.decode()
    assert "Gjør klar e-postene til deltakerne …" in shown
    assert 'hx-trigger="every 1s"' in shown
    # Half way, as the task counts them into the outbox.
    Invitation.objects.filter(meeting=fagdag).update(mails_total=MEMBERS + 4, mails_queued=20)
    polled = secretariat.get(page(fagdag), headers={"HX-Request": "true"}).content.decode()
    assert polled.lstrip().startswith('<div id="invitation-mailing"')
    assert f"Legger e-postene i utsendingskøen: 20 av {MEMBERS + 4}." in polled and "hx-trigger" in polled
    Invitation.objects.filter(meeting=fagdag).update(mails_total=None, mails_queued=0)

    total = invitations.queue_invitation_mail(*result.args)
    assert total == Invitation.objects.get(meeting=fagdag).mails_total > MEMBERS
    deliver_outbox.call()

    polled = secretariat.get(page(fagdag), headers={"HX-Request": "true"}).content.decode()
    assert f"Alle {total} personlige e-poster er lagt i utsendingskøen, og kopien er sendt." in polled
    assert "hx-trigger" not in polled  # done: the page stops asking
    assert len(personal(outbox)) == total


@sends_mail
def test_a_task_that_died_half_way_is_finished_later_and_sends_nobody_anything_twice(
    world, client_as, fagdag, outbox, tasks_wait, monkeypatch
):
    send(client_as, fagdag)
    [result] = default_task_backend.results
    invitation = Invitation.objects.get(meeting=fagdag)
    monkeypatch.setattr(invitations, "CHUNK", 10)
    real_queue = invitations._queue_personal_invitations
    chunks = []

    def dies_at_the_third_chunk(*args):
        chunks.append(args)
        if len(chunks) == 3:
            raise RuntimeError("the worker was stopped")
        return real_queue(*args)

    monkeypatch.setattr(invitations, "_queue_personal_invitations", dies_at_the_third_chunk)
    with pytest.raises(RuntimeError):
        invitations.queue_invitation_mail(*result.args)
    deliver_outbox.call()
    invitation.refresh_from_db()
    assert invitation.mails_queued == 20 and invitation.mailed_at is None
    assert len(personal(outbox)) == 20

    monkeypatch.setattr(invitations, "_queue_personal_invitations", real_queue)
    assert invitations.finish_stalled_mailings() == 0  # it may still be on its way
    with time_machine.travel(timezone.now() + invitations.MAILING_TIMEOUT + dt.timedelta(minutes=1)):
        assert invitations.finish_stalled_mailings() == invitation.mails_total - 20
        assert invitations.finish_stalled_mailings() == 0
        assert invitations.queue_invitation_mail(*result.args) == 0  # finished: a second run queues nothing
        deliver_outbox.call()

    invitation.refresh_from_db()
    assert invitation.mails_queued == invitation.mails_total
    received = [address for m in personal(outbox) for address in m.envelope_to]
    assert len(received) == len(set(received)) == invitation.mails_total
    assert len([m for m in outbox.messages if m.subject.startswith("Kopi av innkalling")]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("secretariat", 200), ("other_secretariat", 404)])
def test_the_progress_is_shown_to_those_who_see_the_invitation(world, client_as, fagdag, role, status):
    response = client_as(role).get(page(fagdag), headers={"HX-Request": "true"})
    assert response.status_code == status
