"""News by e-mail: published once to the members and leaders of its groups on the day (the
whole network: the committees too), not to those who opted out, left, are on leave or are in
another group; the link in each e-mail opts out in one click. Through the real SMTP server.

These tests commit for real: the mailing runs as a task on commit, the outbox sends on commit."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from lindra.annual import news
from lindra.annual.models import NewsItem, NewsOptOut
from lindra.core.models import AuditEvent
from lindra.home.periodic import JOBS
from lindra.mail import services as mail_services
from lindra.mail.models import OutboxMessage
from lindra.registry.models import Leave
from tests import factories as f
from tests.annual.conftest import post_news, published_earlier

sends_mail = pytest.mark.django_db(transaction=True)
MONA, AINA, GUNNAR, OLAV, ULLA, SIRI, LARS = (
    "member@lindra.example",
    "host@lindra.example",
    "group-leader@lindra.example",
    "other-member@lindra.example",
    "committee-member@lindra.example",
    "secretariat@lindra.example",
    "nearest-leader@lindra.example",
)


def receivers(outbox) -> list[str]:
    return sorted(address for mail in outbox.messages for address in mail.envelope_to)


def run_jobs() -> None:
    """The news's periodic job (the others send reminders of their own)."""
    assert news.mail_published_news in JOBS
    news.mail_published_news()


@sends_mail
def test_news_to_a_group_goes_once_to_its_members_and_leader_only(world, outbox, client_as):
    item = post_news(world, groups=[world.group_a1], title="Nytt om smertepumper")

    assert receivers(outbox) == sorted([MONA, AINA, GUNNAR])
    [mail] = outbox.to(MONA)
    assert mail.subject == "KLB Vestland: Nytt om smertepumper"
    assert "Sett av dagen." in mail.text
    assert f"/nyheter/{item.pk}/" in mail.text
    assert mail.message["Reply-To"] == "lindrende.behandling@klb.example"
    item.refresh_from_db()
    assert item.mailed_at is not None

    run_jobs()
    news.mail_news(item.pk)
    assert len(outbox.messages) == 3
    assert "til 3 personer." in client_as("secretariat").get(f"/nyheter/{item.pk}/").text


@sends_mail
def test_news_to_the_whole_network_goes_to_every_group_and_the_committee_but_not_to_the_leaders_of_staff(world, outbox):
    post_news(world)

    assert receivers(outbox) == sorted([MONA, AINA, GUNNAR, OLAV, ULLA])
    assert not outbox.to(LARS) and not outbox.to(SIRI)


@sends_mail
def test_only_members_on_the_day_get_it_not_those_who_left_are_on_leave_begin_later_or_opted_out(world, outbox):
    today = timezone.localdate()
    gone = f.membership(
        f.person("Gro", "Gått", email="gro@lindra.example"), world.group_a1, ends_on=today - dt.timedelta(days=1)
    )
    f.membership(
        f.person("Nils", "Ny", email="nils@lindra.example"), world.group_a1, starts_on=today + dt.timedelta(days=1)
    )
    away = f.membership(f.person("Pia", "Permisjon", email="pia@lindra.example"), world.group_a1)
    Leave.objects.create(
        membership=away, starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=10)
    )
    NewsOptOut.objects.create(person=world.person("host"))
    assert gone.ends_on < today

    post_news(world, groups=[world.group_a1])

    assert receivers(outbox) == sorted([MONA, GUNNAR])


@sends_mail
def test_a_draft_is_not_mailed_and_publishing_it_later_mails_it_once(world, outbox):
    item = post_news(world, groups=[world.group_a1], publish=False)
    run_jobs()
    assert outbox.messages == []

    news.save_news(
        item,
        {"title": "Fagdag", "body": "Sett av dagen.", "committee": None, "public": False},
        [world.group_a1],
        publish=True,
        by=world.user("secretariat"),
        expected_version=item.version,
    )
    assert receivers(outbox) == sorted([MONA, AINA, GUNNAR])

    item.refresh_from_db()
    news.save_news(
        item,
        {"title": "Fagdag 12. mars", "body": "Sett av dagen.", "committee": None, "public": False},
        [world.group_a1, world.group_a2],
        publish=True,
        by=world.user("secretariat"),
        expected_version=item.version,
    )
    assert len(outbox.messages) == 3  # an edit is not mailed again


@sends_mail
def test_the_periodic_job_mails_what_a_stopped_worker_left_but_nothing_stale(world, outbox):
    now = timezone.now()
    lost = published_earlier(world, now - dt.timedelta(hours=5), groups=[world.group_a1], title="Tapt")
    stale = published_earlier(world, now - dt.timedelta(days=4), groups=[world.group_a1], title="Gammel")

    run_jobs()
    run_jobs()

    assert receivers(outbox) == sorted([MONA, AINA, GUNNAR])
    assert {mail.subject for mail in outbox.messages} == {"KLB Vestland: Tapt"}
    assert NewsItem.objects.get(pk=lost.pk).mailed_at is not None
    assert NewsItem.objects.get(pk=stale.pk).mailed_at is None


@sends_mail
def test_the_link_in_the_mail_shows_a_button_and_only_the_button_opts_out(world, outbox):
    post_news(world, groups=[world.group_a1])
    [mail] = outbox.to(MONA)
    [link] = re.findall(r"https?://\S+/nyheter/avmelding/\S+/", mail.text)
    path = link.split("://", 1)[1].split("/", 1)[1]
    visitor = Client()

    page = visitor.get("/" + path)
    assert page.status_code == 200
    assert "Ikke send meg nyheter på e-post" in page.text
    assert not NewsOptOut.objects.exists()

    visitor.post("/" + path, {"handling": "reserver"})
    assert NewsOptOut.objects.filter(person=world.person("member")).exists()
    assert AuditEvent.objects.filter(object_type="annual.NewsOptOut").count() == 1
    visitor.post("/" + path, {"handling": "reserver"})  # a second click changes nothing
    assert AuditEvent.objects.filter(object_type="annual.NewsOptOut").count() == 1

    outbox.clear()
    post_news(world, groups=[world.group_a1], title="Neste nyhet")
    assert receivers(outbox) == sorted([AINA, GUNNAR])


@sends_mail
def test_the_html_part_has_buttons_to_read_and_to_opt_out(world, outbox):
    post_news(world, groups=[world.group_a1])
    [mail] = outbox.to(MONA)
    assert "Les nyheten i Lindra" in mail.html
    assert "Reserver deg mot nyheter på e-post" in mail.html


@pytest.mark.django_db
def test_a_damaged_link_says_so_and_records_nothing(world):
    token = news.unsubscribe_token(world.person("member").pk)
    response = Client().post(f"/nyheter/avmelding/{token[:-2]}xx/", {"handling": "reserver"})
    assert response.status_code == 404
    assert "Lenken er ikke gyldig" in response.text
    assert not NewsOptOut.objects.exists()


@sends_mail
def test_mailing_thousands_is_queued_in_the_task_not_in_the_request(world, outbox, client_as, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    response = client_as("secretariat").post(
        f"/nettverk/{world.network_a.pk}/nyheter/ny/",
        {"title": "Stor nyhet", "body": "Til alle.", "handling": "publiser", "version": 0},
    )
    assert response.status_code == 302
    assert not OutboxMessage.objects.exists()  # the request only queued the task
    item = NewsItem.objects.get()
    assert item.published_at is not None and item.mailed_at is None


@sends_mail
def test_queuing_many_wakes_the_mail_worker_once(world, outbox, monkeypatch):
    for n in range(30):
        f.membership(f.person("Medlem", f"Nummer{n}", email=f"m{n}@lindra.example"), world.group_a2)
    item = published_earlier(world, timezone.now(), title="Til mange")
    wakes = []
    monkeypatch.setattr(mail_services, "_wake_worker", lambda: wakes.append(1))

    assert news.mail_news(item.pk) == 35  # 32 members, the group leader, the committee member

    assert wakes == [1]
    assert OutboxMessage.objects.filter(kind="news_item").count() == 35


@sends_mail
@pytest.mark.parametrize(
    ("later", "mailed"), [(dt.timedelta(days=2, hours=23), True), (dt.timedelta(days=3, hours=1), False)]
)
def test_after_a_worker_was_down_the_job_mails_what_is_still_news_and_nothing_older(
    world, outbox, settings, later, mailed
):
    start = dt.datetime(2027, 3, 3, 10, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        post_news(world, groups=[world.group_a1])  # the task is queued, and lost
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert outbox.messages == []

    with time_machine.travel(start + later, tick=False):
        run_jobs()
        run_jobs()

    assert receivers(outbox) == (sorted([MONA, AINA, GUNNAR]) if mailed else [])
