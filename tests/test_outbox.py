"""The outbox against a real SMTP server: nothing is lost when the server is down, nothing
is sent twice when a worker dies or two run at once."""

import datetime as dt
import smtplib
import socket
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from lindra.mail import rules
from lindra.mail.delivery import deliver_due, recover_stuck
from lindra.mail.models import OutboxAttachment, OutboxBlob, OutboxMessage
from lindra.mail.services import queue_message
from tests.smtp import mailer_settings

# The outbox sends on commit: these tests commit for real.
sends_mail = pytest.mark.django_db(transaction=True)

Status = OutboxMessage.Status
PDF = b"%PDF-1.4\n% program for gruppemotet\n"


def queue(to: str = "mona@lindra.example", **options) -> OutboxMessage | None:
    """Queues a message in its own transaction, as a service would."""
    with transaction.atomic():
        return queue_message(
            "sign_in_link", to=[to], context={"url": "https://lindra.example/lenke/", "minutes": 15}, **options
        )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def row(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=message.pk)


@sends_mail
def test_a_message_is_sent_once_the_transaction_commits(outbox):
    with transaction.atomic():
        message = queue_message(
            "sign_in_link",
            to=["mona@lindra.example"],
            cc=["lars.leder@lindra.example", "lindrende.behandling@klb.example"],
            reply_to=["lindrende.behandling@klb.example"],
            context={"url": "https://lindra.example/lenke/abc/", "minutes": 15},
            attachments=[("program.pdf", PDF, "application/pdf")],
        )
        assert outbox.messages == []  # not before the change is saved
    [mail] = outbox.messages
    assert mail.subject == "Din innloggingslenke til Lindra"
    assert "https://lindra.example/lenke/abc/" in mail.text
    assert mail.message["To"] == "mona@lindra.example"
    assert mail.message["Cc"] == "lars.leder@lindra.example, lindrende.behandling@klb.example"
    assert mail.message["Reply-To"] == "lindrende.behandling@klb.example"
    assert sorted(mail.envelope_to) == [
        "lars.leder@lindra.example",
        "lindrende.behandling@klb.example",
        "mona@lindra.example",
    ]
    assert mail.attachments == [("program.pdf", PDF)]
    sent = row(message)
    assert (sent.status, sent.attempts, sent.last_error) == (Status.SENT, 1, "")
    assert sent.sent_at is not None


@sends_mail
def test_a_rolled_back_transaction_sends_nothing(outbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_message("sign_in_link", to=["mona@lindra.example"], context={"url": "x", "minutes": 15})
        raise RuntimeError("the change failed")
    assert OutboxMessage.objects.count() == 0
    deliver_due()
    assert outbox.messages == []


@sends_mail
def test_the_same_dedupe_key_queues_a_message_only_once(outbox):
    first = queue(dedupe_key="påminnelse:steg:17:1")
    second = queue(dedupe_key="påminnelse:steg:17:1")
    assert first is not None
    assert second is None
    assert OutboxMessage.objects.count() == 1
    assert len(outbox.messages) == 1


@sends_mail
def test_different_dedupe_keys_are_different_messages(outbox):
    queue(dedupe_key="påminnelse:steg:17:1")
    queue(dedupe_key="påminnelse:steg:17:2")
    assert len(outbox.messages) == 2


def down(how: str, settings, smtp_server) -> None:
    if how == "closed port":
        settings.MAILERS = mailer_settings(closed_port())
    else:
        smtp_server.handler.refuse_with = "421 4.3.2 Prøv igjen senere"


def up(settings, smtp_server) -> None:
    settings.MAILERS = mailer_settings(smtp_server.port)
    smtp_server.handler.refuse_with = None


@pytest.mark.parametrize("how", ["closed port", "421 try later"])
@sends_mail
def test_nothing_is_lost_while_the_mail_server_is_down(outbox, settings, smtp_server, how):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        down(how, settings, smtp_server)
        message = queue()  # the worker tries at once, and fails
        waiting = row(message)
        assert waiting.status == Status.QUEUED
        assert waiting.attempts == 1
        assert waiting.next_attempt_at == start + rules.retry_delay(1)
        assert waiting.last_error

        assert deliver_due() == 0  # not due yet
        assert row(message).attempts == 1

        up(settings, smtp_server)
        traveller.shift(rules.retry_delay(1) - dt.timedelta(seconds=1))
        assert deliver_due() == 0
        assert outbox.messages == []

        traveller.shift(dt.timedelta(seconds=1))
        assert deliver_due() == 1
        assert deliver_due() == 0
    assert len(outbox.messages) == 1
    sent = row(message)
    assert (sent.status, sent.attempts, sent.last_error) == (Status.SENT, 2, "")


@sends_mail
def test_a_server_that_is_down_stops_the_batch_and_keeps_the_rest_queued(outbox, settings):
    settings.MAILERS = mailer_settings(closed_port())
    messages = [queue(f"medlem{n}@lindra.example") for n in range(3)]  # each tried once, at commit
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert deliver_due() == 0
    # The first try found the server down; the batch stopped instead of trying the others.
    assert sorted(row(m).attempts for m in messages) == [1, 1, 2]
    assert {row(m).status for m in messages} == {Status.QUEUED}


@sends_mail
def test_a_batch_goes_out_over_one_connection_and_its_attachment_is_stored_once(outbox, settings, smtp_server):
    settings.MAILERS = mailer_settings(closed_port())
    calendar = "BEGIN:VCALENDAR\r\nSUMMARY:Fagdag på Løvåsen\r\nEND:VCALENDAR\r\n".encode()
    attachments = [("påmelding.pdf", PDF, "application/pdf"), ("møte.ics", calendar, "text/calendar")]
    for n in range(5):
        queue(f"medlem{n}@lindra.example", attachments=attachments)  # tried at commit: the server is down
    up(settings, smtp_server)
    assert OutboxBlob.objects.count() == 2
    assert OutboxAttachment.objects.count() == 10
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert deliver_due() == 5
    assert len({mail.peer for mail in outbox.messages}) == 1
    for mail in outbox.messages:
        assert mail.attachments == [("påmelding.pdf", PDF), ("møte.ics", calendar.decode())]
        assert mail.subject == "Din innloggingslenke til Lindra"


@sends_mail
def test_a_permanent_failure_marks_the_message_failed_and_is_not_retried(outbox, smtp_server):
    smtp_server.handler.refuse_with = "554 5.7.1 Mottaker avvist"
    message = queue()
    failed = row(message)
    assert failed.status == Status.FAILED
    assert failed.attempts == 1
    assert "554" in failed.last_error
    smtp_server.handler.refuse_with = None
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        assert deliver_due() == 0
    assert outbox.messages == []


@sends_mail
def test_a_message_that_keeps_failing_is_given_up_after_the_last_attempt(outbox, settings):
    settings.MAILERS = mailer_settings(closed_port())
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        message = queue()
        for attempts in range(1, rules.MAX_ATTEMPTS):
            waiting = row(message)
            assert (waiting.status, waiting.attempts) == (Status.QUEUED, attempts)
            assert waiting.next_attempt_at == timezone.now() + rules.retry_delay(attempts)
            traveller.move_to(waiting.next_attempt_at)
            deliver_due()
    failed = row(message)
    assert (failed.status, failed.attempts) == (Status.FAILED, rules.MAX_ATTEMPTS)
    assert outbox.messages == []


@sends_mail
def test_every_try_carries_the_same_message_id(outbox, smtp_server):
    smtp_server.handler.refuse_with = "451 4.3.0 Midlertidig feil"
    message = queue()
    smtp_server.handler.refuse_with = None
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        deliver_due()
    [mail] = outbox.messages
    assert mail.message["Message-ID"].startswith(f"<outbox-{message.pk}-")


@sends_mail
def test_a_message_claimed_by_a_worker_that_died_is_sent_once_after_the_claim_timeout(outbox):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        with transaction.atomic():
            message = queue_message("sign_in_link", to=["mona@lindra.example"], context={"url": "x", "minutes": 15})
            # A worker claims it, then is killed before it can send.
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=Status.SENDING, claimed_at=timezone.now(), claimed_by="dead", attempts=1
            )
        assert outbox.messages == []

        traveller.shift(rules.CLAIM_TIMEOUT - dt.timedelta(seconds=1))
        assert recover_stuck() == 0  # it may still be working
        assert deliver_due() == 0
        assert row(message).status == Status.SENDING

        traveller.shift(dt.timedelta(seconds=2))
        assert recover_stuck() == 1
        assert deliver_due() == 1
        assert recover_stuck() == 0
        assert deliver_due() == 0
    assert len(outbox.messages) == 1
    sent = row(message)
    assert (sent.status, sent.attempts) == (Status.SENT, 2)


@sends_mail
def test_delivering_twice_in_a_row_sends_each_message_once(outbox, settings, smtp_server):
    settings.MAILERS = mailer_settings(closed_port())
    messages = [queue(f"medlem{n}@lindra.example") for n in range(5)]
    up(settings, smtp_server)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert deliver_due() == 5
        assert deliver_due() == 0
    assert sorted(to for m in outbox.messages for to in m.envelope_to) == sorted(m.to[0] for m in messages)


@sends_mail
def test_two_workers_at_once_send_each_message_once(outbox, settings, smtp_server):
    if connection.vendor != "postgresql":
        pytest.skip("an in-memory SQLite test database cannot take writes from two threads")
    settings.MAILERS = mailer_settings(closed_port())
    messages = [queue(f"medlem{n}@lindra.example") for n in range(20)]
    up(settings, smtp_server)
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    start = threading.Barrier(2)
    sent: list[int] = []

    def worker():
        try:
            start.wait()
            sent.append(deliver_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 20
    assert len(outbox.messages) == 20
    assert sorted(to for m in outbox.messages for to in m.envelope_to) == sorted(m.to[0] for m in messages)


@sends_mail
def test_after_a_batch_the_next_commit_waits_for_the_disk_again(outbox, settings, smtp_server):
    """A batch's marks are committed without waiting for the disk on PostgreSQL; whatever the
    same worker saves after the batch, a sign-up or a minute, is durable again."""
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    settings.MAILERS = mailer_settings(closed_port())
    queue()
    up(settings, smtp_server)
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert deliver_due() == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    assert len(outbox.messages) == 1


@sends_mail
def test_the_periodic_command_run_twice_sends_each_due_message_once(outbox, settings, smtp_server):
    settings.MAILERS = mailer_settings(closed_port())
    for n in range(3):
        queue(f"medlem{n}@lindra.example")
    up(settings, smtp_server)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        call_command("periodic")
        call_command("periodic")
    assert sorted(to for m in outbox.messages for to in m.envelope_to) == [
        "medlem0@lindra.example",
        "medlem1@lindra.example",
        "medlem2@lindra.example",
    ]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}


# The rules -------------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=1000))
def test_retry_delays_never_shrink(attempts):
    assert rules.retry_delay(attempts) <= rules.retry_delay(attempts + 1)


@given(st.integers(min_value=0, max_value=10_000))
def test_retry_delays_are_at_least_a_minute_and_at_most_six_hours(attempts):
    assert dt.timedelta(minutes=1) <= rules.retry_delay(attempts) <= dt.timedelta(hours=6)


def test_retry_delays_double_until_the_cap():
    assert [rules.retry_delay(n).total_seconds() / 60 for n in range(1, 11)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        64,
        128,
        256,
        360,
    ]


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (smtplib.SMTPDataError(421, b"try later"), True),
        (smtplib.SMTPDataError(451, b"local error"), True),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (smtplib.SMTPRecipientsRefused({"a@b.example": (450, b"mailbox busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@b.example": (450, b"busy"), "c@d.example": (550, b"no such user")}), False),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (ValueError("bad address"), False),
    ],
)
def test_temporary_failures_are_told_from_permanent_ones(error, temporary):
    assert rules.is_temporary(error) is temporary


@given(st.integers(min_value=100, max_value=699))
@example(399)
@example(400)
@example(499)
@example(500)
def test_a_server_reply_is_temporary_exactly_when_it_is_a_4xx(code):
    assert rules.is_temporary(smtplib.SMTPDataError(code, b"reply")) is (400 <= code < 500)


@given(st.lists(st.integers(min_value=200, max_value=599), min_size=1, max_size=4))
@example([400])
@example([499])
@example([500])
def test_refused_recipients_are_retried_only_when_every_refusal_is_a_4xx(codes):
    error = smtplib.SMTPRecipientsRefused({f"p{i}@lindra.example": (code, b"no") for i, code in enumerate(codes)})
    assert rules.is_temporary(error) is all(400 <= code < 500 for code in codes)


@pytest.mark.parametrize(
    ("error", "unreachable"),
    [
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPConnectError(421, b"closing"), True),
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (OSError("network is unreachable"), True),
        (smtplib.SMTPDataError(451, b"local error"), False),
        (smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"no such user")}), False),
        (ValueError("bad address"), False),
    ],
)
def test_the_batch_stops_only_when_the_server_itself_cannot_be_reached(error, unreachable):
    assert rules.is_connection_failure(error) is unreachable
