"""Reporting back from gatherings and competence activities (seeds 003, 004): Mona reports back
after a meeting she attended and records a day of hospitering; Lars, her nearest leader,
confirms it from the e-mail without signing in, or signed in; the network counts it."""

import datetime as dt
import io
import re

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lindra.core.models import AuditAction, AuditEvent
from lindra.development import competence
from lindra.development.models import CompetenceActivity, ReportBack
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import Membership, Term
from lindra.registry.services import change_placement
from tests import factories as f
from tests.personas import World

pytestmark = pytest.mark.django_db
# E-mail leaves the outbox once the transaction commits: these tests commit, to a real SMTP server.
sends_mail = pytest.mark.django_db(transaction=True)

Attendance = Registration.Attendance
LONG_AGO = dt.date(2020, 1, 1)


@pytest.fixture(autouse=True)
def _members_since_long_ago(world):
    Membership.objects.update(starts_on=LONG_AGO)
    Term.objects.update(starts_on=LONG_AGO)


def mona(world: World) -> Membership:
    return Membership.objects.get(person=world.person("member"))


def gathering(world: World, *, days_ago: int = 7, attendance: str = Attendance.PRESENT, **fields) -> Meeting:
    """A meeting of A1 some days ago, with Mona marked as given."""
    fields.setdefault("title", "Nettverksmøte om smertelindring")
    meeting = f.meeting(world.group_a1, starts_at=f.at(timezone.localdate() - dt.timedelta(days=days_ago)), **fields)
    Registration.objects.create(meeting=meeting, person=world.person("member"), attendance=attendance)
    return meeting


def report_url(world: World, meeting: Meeting) -> str:
    return reverse("development:report_back", args=[mona(world).pk, meeting.pk])


def page_url(world: World) -> str:
    return reverse("development:competence", args=[mona(world).pk])


def report(day: dt.date, *to_whom: str, how: str = "") -> dict:
    return {"reported_on": day.isoformat(), "to_whom": list(to_whom), "how": how}


ACTIVITY = {
    "kind": "hospitering",
    "title": "Hospitering ved palliativ enhet",
    "place": "Haraldsplass",
    "starts_on": "",
    "ends_on": "",
    "hours": "7,5",
    "description": "Lærte om symptomlindring.",
}


def activity_form(**changes) -> dict:
    values = {**ACTIVITY, "starts_on": (timezone.localdate() - dt.timedelta(days=10)).isoformat()}
    return {**values, **changes}


def record(client, world: World, **changes):
    return client.post(reverse("development:activity_new", args=[mona(world).pk]), activity_form(**changes))


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


# Reporting back -----------------------------------------------------------------------------


def test_the_member_is_asked_on_her_home_page_and_reports_back(world, client_as):
    meeting = gathering(world)
    client = client_as("member")
    home = client.get(reverse("home:home")).text
    assert "Har du gitt referat fra Nettverksmøte om smertelindring" in home
    assert report_url(world, meeting) in home

    typed = report(timezone.localdate(), "leader", "colleagues", how="På personalmøtet")
    response = client.post(report_url(world, meeting), typed)
    assert response.status_code == 302
    saved = ReportBack.objects.get()
    assert (saved.to_leader, saved.to_colleagues, saved.how) == (True, True, "På personalmøtet")
    page = client.get(page_url(world)).text
    assert "til leder og kolleger (På personalmøtet)" in page
    assert "Har du gitt referat fra" not in client.get(reverse("home:home")).text
    event = AuditEvent.objects.get(action=AuditAction.CREATED, object_type="development.ReportBack")
    assert event.actor == world.user("member") and event.network == world.network_a


def test_a_report_back_can_be_corrected_and_stays_one(world, client_as):
    meeting = gathering(world)
    client = client_as("member")
    client.post(report_url(world, meeting), report(timezone.localdate(), "leader"))
    form = client.get(report_url(world, meeting)).text
    assert 'value="leader" checked' in form.replace("  ", " ") or "checked" in form
    client.post(report_url(world, meeting), report(timezone.localdate(), "colleagues", how="Internundervisning"))
    saved = ReportBack.objects.get()
    assert (saved.to_leader, saved.to_colleagues, saved.how) == (False, True, "Internundervisning")
    changed = AuditEvent.objects.get(action=AuditAction.CHANGED, object_type="development.ReportBack")
    assert changed.changes["to_leader"] == [True, False]


@pytest.mark.parametrize(
    ("days", "to_whom", "error"),
    [
        (-8, ["leader"], "Referatet kan ikke være gitt før samlingen"),
        (1, ["leader"], "Datoen kan ikke være etter i dag"),
        (0, [], "Kryss av for hvem du ga referat til"),
    ],
)
def test_a_report_back_before_the_meeting_ahead_of_today_or_to_nobody_is_refused(
    world, client_as, days, to_whom, error
):
    meeting = gathering(world)
    response = client_as("member").post(
        report_url(world, meeting), report(timezone.localdate() + dt.timedelta(days=days), *to_whom, how="Muntlig")
    )
    assert response.status_code == 400
    assert error in response.text
    assert 'value="Muntlig"' in response.text  # what she typed stays
    assert not ReportBack.objects.exists()


def test_a_date_that_is_no_date_is_refused(world, client_as):
    meeting = gathering(world)
    response = client_as("member").post(report_url(world, meeting), {"reported_on": "i går", "to_whom": ["leader"]})
    assert response.status_code == 400 and "dato" in response.text.lower()


@pytest.mark.parametrize(
    ("attendance", "days_ago", "reason"),
    [
        (Attendance.ABSENT, 7, "Du er ikke registrert som til stede"),
        (Attendance.NOTICE, 7, "Du er ikke registrert som til stede"),
        (Attendance.PRESENT, -7, "når samlingen er over"),
    ],
)
def test_no_report_back_from_a_gathering_she_missed_or_that_is_still_ahead(
    world, client_as, attendance, days_ago, reason
):
    meeting = gathering(world, days_ago=days_ago, attendance=attendance)
    client = client_as("member")
    assert reason in client.get(report_url(world, meeting)).text
    response = client.post(report_url(world, meeting), report(timezone.localdate(), "leader"))
    assert response.status_code == 400 and reason in response.text
    assert not ReportBack.objects.exists()


def test_no_report_back_from_a_committee_meeting(world, client_as):
    Registration.objects.create(meeting=world.committee_meeting, person=world.person("member"), attendance="present")
    response = client_as("member").get(report_url(world, world.committee_meeting))
    assert response.status_code == 400 and "nettverksmøter, fagdager og kurs" in response.text


def test_the_meeting_page_offers_the_report_back_after_the_meeting(world, client_as):
    attended = gathering(world)
    missed = gathering(world, days_ago=30, attendance=Attendance.ABSENT, title="Møte hun ikke var på")
    client = client_as("member")
    page = client.get(reverse("meetings:detail", args=[attended.pk])).text
    assert "Har du gitt referat fra den" in page and report_url(world, attended) in page
    assert "Referat til arbeidsstedet" not in client.get(reverse("meetings:detail", args=[missed.pk])).text
    assert "Referat til arbeidsstedet" not in client.get(reverse("meetings:detail", args=[world.meeting.pk])).text
    # The group leader, who sees the meeting, is not asked about Mona's report.
    assert "Referat til arbeidsstedet" not in client_as("group_leader").get(attended.get_absolute_url()).text
    client.post(report_url(world, attended), report(timezone.localdate(), "leader"))
    assert "Rett referatet" in client.get(reverse("meetings:detail", args=[attended.pk])).text


def test_the_nearest_leader_sees_the_report_back_of_the_staff(world, client_as):
    meeting = gathering(world)
    client_as("member").post(report_url(world, meeting), report(timezone.localdate(), "leader", how="På møte"))
    lars = client_as("nearest_leader")
    assert "referat fra Nettverksmøte om smertelindring" in lars.get(reverse("home:home")).text
    page = lars.get(page_url(world)).text
    assert "til leder (På møte)" in page and "Registrer referat" not in page


def test_only_the_member_reports_back(world, client_as):
    meeting = gathering(world)
    for role, status in [("nearest_leader", 403), ("group_leader", 403), ("secretariat", 403), ("other_member", 404)]:
        response = client_as(role).post(report_url(world, meeting), report(timezone.localdate(), "leader"))
        assert response.status_code == status, role
    assert not ReportBack.objects.exists()


# Competence activities ---------------------------------------------------------------------


@sends_mail
def test_recording_an_activity_sends_the_leader_one_e_mail_with_a_link_to_confirm(world, client_as, outbox):
    response = record(client_as("member"), world)
    assert response.status_code == 302
    activity = CompetenceActivity.objects.get()
    assert activity.hours == 7.5 and activity.confirmed_at is None
    [mail] = outbox.to(world.email("nearest_leader"))
    assert len(outbox.messages) == 1
    assert "Bekreft kompetanseaktivitet: Hospitering ved palliativ enhet (Mona Medlem)" in mail.subject
    assert "Mona Medlem har registrert en kompetanseaktivitet" in mail.text
    assert "Timer: 7,5" in mail.text
    assert str(mail.message["Reply-To"]) == world.email("member")
    [link] = [url for url in links_in(mail.text) if "/kompetanse/bekreft/" in url]
    assert link in mail.html
    page = client_as("member").get(page_url(world)).text
    assert "Venter på bekreftelse fra leder" in page


@sends_mail
def test_opening_the_link_confirms_nothing_and_the_button_does(world, client_as, client, outbox):
    record(client_as("member"), world)
    [link] = [u for u in links_in(outbox.messages[0].text) if "/kompetanse/bekreft/" in u]
    before = AuditEvent.objects.filter(action=AuditAction.CHANGED).count()

    opened = client.get(path_of(link))
    assert opened.status_code == 200
    assert "Bekreft aktiviteten" in opened.text and "Hospitering ved palliativ enhet" in opened.text
    assert CompetenceActivity.objects.get().confirmed_at is None
    assert AuditEvent.objects.filter(action=AuditAction.CHANGED).count() == before

    version = re.search(r'name="version" value="(\d+)"', opened.text)[1]
    with time_machine.travel(timezone.now(), tick=False):
        confirmed = client.post(path_of(link), {"version": version}, follow=True)
    activity = CompetenceActivity.objects.get()
    assert activity.confirmed_by == world.person("nearest_leader") and activity.confirmed_at is not None
    when = timezone.localtime(activity.confirmed_at).strftime("%H:%M")
    assert "Aktiviteten ble bekreftet av Lars Leder" in confirmed.text and when in confirmed.text
    assert "Bekreft aktiviteten" not in confirmed.text
    # The used link says when; pressing again changes nothing.
    again = client.get(path_of(link))
    assert "Aktiviteten ble bekreftet av Lars Leder" in again.text
    client.post(path_of(link), {"version": version})
    changes = AuditEvent.objects.filter(action=AuditAction.CHANGED, object_type="development.CompetenceActivity")
    assert changes.count() == 1
    assert "Bekreftet av Lars Leder" in client_as("member").get(page_url(world)).text


def test_a_link_that_is_damaged_or_forged_is_refused(world, client):
    response = client.get(reverse("development:activity_confirm_link", args=["ikke-en-lenke"]))
    assert response.status_code == 404 and "Lenken er ikke gyldig" in response.text


@sends_mail
def test_a_link_to_a_former_nearest_leader_confirms_nothing(world, client, outbox, client_as):
    record(client_as("member"), world)
    [link] = [u for u in links_in(outbox.messages[0].text) if "/kompetanse/bekreft/" in u]
    new_leader = f.person("Nina", "Nyleder")
    change_placement(
        mona(world),
        by=world.user("secretariat"),
        effective_on=timezone.localdate(),
        expected_version=None,
        nearest_leader=new_leader,
    )
    page = client.get(path_of(link))
    assert page.status_code == 410 and "Registeret har nå en annen nærmeste leder" in page.text
    client.post(path_of(link), {"version": "1"})
    assert CompetenceActivity.objects.get().confirmed_at is None


@sends_mail
def test_the_leader_confirms_what_the_page_showed_not_a_later_change(world, client_as, client, outbox):
    member = client_as("member")
    record(member, world)
    activity = CompetenceActivity.objects.get()
    [link] = [u for u in links_in(outbox.messages[0].text) if "/kompetanse/bekreft/" in u]
    seen = re.search(r'name="version" value="(\d+)"', client.get(path_of(link)).text)[1]
    member.post(
        reverse("development:activity_edit", args=[activity.pk]),
        activity_form(hours="10", version=activity.version),
    )
    response = client.post(path_of(link), {"version": seen})
    assert response.status_code == 409
    assert "Aktiviteten er endret i mellomtiden" in response.text and "<dd>10</dd>" in response.text
    assert CompetenceActivity.objects.get().confirmed_at is None
    assert len(outbox.messages) == 1  # a change before the confirmation sends nothing new


def test_the_leader_confirms_signed_in_from_the_members_page(world, client_as):
    record(client_as("member"), world)
    activity = CompetenceActivity.objects.get()
    lars = client_as("nearest_leader")
    home = lars.get(reverse("home:home")).text
    assert "Aktiviteter du skal bekrefte" in home and "Mona Medlem: Hospitering ved palliativ enhet" in home
    page = lars.get(page_url(world)).text
    assert reverse("development:activity_confirm", args=[activity.pk]) in page
    response = lars.post(reverse("development:activity_confirm", args=[activity.pk]), {"version": activity.version})
    assert response.status_code == 302
    assert CompetenceActivity.objects.get().confirmed_by == world.person("nearest_leader")
    assert "Aktiviteter du skal bekrefte" not in lars.get(reverse("home:home")).text


@pytest.mark.parametrize(
    ("role", "status"), [("member", 403), ("group_leader", 403), ("secretariat", 403), ("other_member", 404)]
)
def test_only_the_nearest_leader_confirms(world, client_as, role, status):
    record(client_as("member"), world)
    activity = CompetenceActivity.objects.get()
    response = client_as(role).post(reverse("development:activity_confirm", args=[activity.pk]), {"version": 1})
    assert response.status_code == status
    assert CompetenceActivity.objects.get().confirmed_at is None


@pytest.mark.parametrize(("role", "status"), [("nearest_leader", 403), ("secretariat", 403), ("other_member", 404)])
def test_only_the_member_records_and_changes_activities(world, client_as, role, status):
    assert record(client_as(role), world).status_code == status
    record(client_as("member"), world)
    activity = CompetenceActivity.objects.get()
    edit = reverse("development:activity_edit", args=[activity.pk])
    assert client_as(role).post(edit, activity_form(title="Endret", version=1)).status_code == status
    assert CompetenceActivity.objects.get().title == ACTIVITY["title"]


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"ends_on": "2020-01-01"}, "ends_on", "Til-datoen kan ikke være før fra-datoen"),
        ({"hours": "0"}, "hours", "Antall timer må være mer enn 0"),
        ({"hours": "13"}, "hours", "flere timer enn perioden rommer: høyst 12 timer per dag"),
        ({"hours": "sju"}, "hours", "Skriv antall timer som et tall"),
        ({"hours": "7,55"}, "hours", "høyst én desimal"),
        ({"hours": ""}, "hours", "Skriv hvor mange timer"),
        ({"title": ""}, "title", "Feltet er påkrevet"),
        ({"kind": "ferie"}, "kind", "gyldig"),
        ({"starts_on": "2099-01-01"}, "starts_on", "når den har startet"),
    ],
)
def test_an_activity_with_bad_dates_or_hours_is_refused_with_the_reason_by_the_field(
    world, client_as, outbox, changes, field, error
):
    response = record(client_as("member"), world, **changes)
    assert response.status_code == 400
    assert error in response.text
    assert f'id="id_{field}_error"' in response.text
    assert 'value="Haraldsplass"' in response.text  # what she typed stays
    assert not CompetenceActivity.objects.exists() and not outbox.messages


def test_further_education_over_months_takes_many_hours(world, client_as):
    start = timezone.localdate() - dt.timedelta(days=200)
    response = record(client_as("member"), world, kind="education", starts_on=start.isoformat(), ends_on="", hours="12")
    assert response.status_code == 302
    response = record(
        client_as("member"),
        world,
        kind="education",
        title="Videreutdanning i palliasjon",
        starts_on=start.isoformat(),
        ends_on=(start + dt.timedelta(days=300)).isoformat(),
        hours="400",
    )
    assert response.status_code == 302
    assert CompetenceActivity.objects.filter(kind="education").count() == 2


@sends_mail
def test_changing_a_confirmed_activity_takes_the_confirmation_away_and_asks_the_leader_again(world, client_as, outbox):
    member = client_as("member")
    record(member, world)
    activity = CompetenceActivity.objects.get()
    competence.confirm_activity(activity, leader=world.person("nearest_leader"), expected_version=activity.version)
    activity.refresh_from_db()
    edit = reverse("development:activity_edit", args=[activity.pk])
    form = member.get(edit).text
    assert "Endrer du noe, er den ikke lenger bekreftet" in form
    assert "Slett aktiviteten" not in form

    # Saving without a change keeps the confirmation.
    member.post(edit, activity_form(version=activity.version))
    assert CompetenceActivity.objects.get().confirmed_at is not None

    response = member.post(edit, activity_form(hours="6", version=activity.version), follow=True)
    assert "Lars Leder har fått e-post og bekrefter aktiviteten på nytt" in response.text
    activity.refresh_from_db()
    assert activity.confirmed_at is None and activity.hours == 6
    mails = outbox.to(world.email("nearest_leader"))
    assert len(mails) == 2
    assert "Endret, bekreft på nytt" in mails[1].subject
    assert "har endret en kompetanseaktivitet du bekreftet tidligere" in mails[1].text
    changed = AuditEvent.objects.filter(action=AuditAction.CHANGED, object_type="development.CompetenceActivity")
    assert changed.order_by("-pk").first().changes["hours"] == ["7.5", "6"]


def test_two_saves_of_the_same_form_the_second_is_told(world, client_as):
    member = client_as("member")
    record(member, world)
    activity = CompetenceActivity.objects.get()
    edit = reverse("development:activity_edit", args=[activity.pk])
    member.post(edit, activity_form(hours="6", version=activity.version))
    response = member.post(edit, activity_form(hours="5", version=activity.version))
    assert response.status_code == 400 and "Aktiviteten er endret i mellomtiden" in response.text
    assert CompetenceActivity.objects.get().hours == 6


def test_an_activity_not_yet_confirmed_can_be_deleted_and_a_confirmed_one_cannot(world, client_as):
    member = client_as("member")
    record(member, world)
    record(member, world, title="Kurs i smertelindring", kind="course")
    first, second = CompetenceActivity.objects.order_by("pk")
    competence.confirm_activity(first, leader=world.person("nearest_leader"), expected_version=first.version)
    member.post(reverse("development:activity_delete", args=[first.pk]))
    member.post(reverse("development:activity_delete", args=[second.pk]))
    assert list(CompetenceActivity.objects.values_list("title", flat=True)) == [ACTIVITY["title"]]
    assert AuditEvent.objects.filter(action=AuditAction.DELETED, object_type="development.CompetenceActivity").exists()


def test_a_member_without_a_leader_with_an_address_is_told_no_one_confirms(world, client_as, outbox):
    Membership.objects.filter(pk=mona(world).pk).update(nearest_leader=None)
    response = record(client_as("member"), world)
    assert response.status_code == 302
    page = client_as("member").get(page_url(world)).text
    assert "ingen nærmeste leder med e-postadresse" in page
    assert not outbox.messages


def test_the_member_page_in_the_registry_shows_the_competence(world, client_as):
    record(client_as("member"), world)
    for role in ("member", "nearest_leader", "group_leader", "secretariat"):
        page = client_as(role).get(reverse("registry:person", args=[world.person("member").pk])).text
        assert "Referat og kompetanse" in page and "1 venter på bekreftelse" in page, role
        assert page_url(world) in page


# The network's figures ---------------------------------------------------------------------


# A Wednesday in March: the year's gatherings and activities lie before it.
IN_MARCH = dt.datetime(2027, 3, 3, 18, tzinfo=dt.UTC)


def _figures_world(world: World) -> None:
    today = timezone.localdate()
    meeting = gathering(world, days_ago=7)
    competence.record_report_back(
        mona(world), meeting, by=world.user("member"), reported_on=today, to_leader=True, to_colleagues=False, how=""
    )
    host = Membership.objects.get(person=world.person("host"))
    Registration.objects.create(meeting=meeting, person=world.person("host"), attendance=Attendance.PRESENT)
    start = dt.date(today.year, 1, 1)
    for membership, kind, hours, confirm in [
        (mona(world), "hospitering", "7.5", True),
        (mona(world), "course", "6", False),
        (host, "hospitering", "15", True),
    ]:
        activity = CompetenceActivity.objects.create(
            membership=membership, kind=kind, title="Aktivitet", starts_on=start, hours=hours
        )
        if confirm:
            competence.confirm_activity(activity, leader=world.person("nearest_leader"), expected_version=1)


@time_machine.travel(IN_MARCH, tick=False)
def test_the_network_counts_confirmed_activities_and_reports_back_per_group(world, client_as):
    _figures_world(world)
    url = reverse("development:network_competence", args=[world.network_a.pk])
    for role in ("secretariat", "committee_member"):
        page = client_as(role).get(url).text
        assert "Kompetanse i nettverket 2027" in page
        assert "Mona" not in page and "Aina" not in page  # figures without names
        assert "22,5" in page  # hours of the two confirmed days of hospitering
        assert "1 av 2 (50 %)" in page
    rows = _xlsx_rows(client_as("committee_member").get(url + "?format=xlsx"))
    header, bergen = rows[0], next(r for r in rows if r[0] == "Bergen sentrum")
    assert bergen[header.index("Hospitering: antall")] == 2
    assert bergen[header.index("Hospitering: timer")] == 22.5
    assert bergen[header.index("Kurs: antall")] == 0
    assert bergen[header.index("Referat gitt")] == 1
    assert rows[-1][0] == "Hele nettverket"


@time_machine.travel(IN_MARCH, tick=False)
def test_the_secretariat_downloads_the_activities_with_names_and_the_committee_does_not(world, client_as):
    _figures_world(world)
    url = reverse("development:network_competence", args=[world.network_a.pk]) + "?format=aktiviteter"
    rows = _xlsx_rows(client_as("secretariat").get(url))
    assert sorted(r[0] for r in rows[1:]) == ["Aina Arrangør", "Mona Medlem"]
    assert client_as("committee_member").get(url).status_code == 404
    page = client_as("committee_member").get(reverse("development:network_competence", args=[world.network_a.pk]))
    assert "med navn" not in page.text


def test_the_network_page_links_to_its_competence(world, client_as):
    url = reverse("development:network_competence", args=[world.network_a.pk])
    for role in ("secretariat", "committee_member"):
        assert url in client_as(role).get(reverse("registry:network", args=[world.network_a.pk])).text


@time_machine.travel(IN_MARCH, tick=False)
def test_an_activity_counts_in_the_group_the_member_was_in_on_its_first_day(world, client_as):
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    activity = CompetenceActivity.objects.create(
        membership=mona(world), kind="course", title="Kurs", starts_on=start, hours=6
    )
    competence.confirm_activity(activity, leader=world.person("nearest_leader"), expected_version=1)
    change_placement(
        mona(world), by=world.user("secretariat"), effective_on=today, expected_version=None, local_group=world.group_a2
    )
    rows = _xlsx_rows(
        client_as("secretariat").get(
            reverse("development:network_competence", args=[world.network_a.pk]) + "?format=xlsx"
        )
    )
    header = rows[0]
    by_group = {r[0]: r[header.index("Kurs: antall")] for r in rows}
    assert by_group["Bergen sentrum"] == 1 and by_group["Åsane"] == 0


@time_machine.travel(IN_MARCH, tick=False)
def test_the_figures_take_a_fixed_number_of_queries(world, client_as, django_assert_max_num_queries):
    _figures_world(world)
    client = client_as("secretariat")
    url = reverse("development:network_competence", args=[world.network_a.pk])
    client.get(url)
    for n in range(15):
        person = f.person("Ny", f"Medlem{n}")
        membership = f.membership(person, world.group_a2, starts_on=LONG_AGO)
        CompetenceActivity.objects.create(
            membership=membership,
            kind="conference",
            title="Konferanse",
            starts_on=dt.date(timezone.localdate().year, 1, 1),
            hours=6,
            confirmed_at=timezone.now(),
        )
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def _xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_log_reads_the_changes_in_words(world, client_as):
    member = client_as("member")
    record(member, world)
    activity = CompetenceActivity.objects.get()
    client_as("nearest_leader").post(
        reverse("development:activity_confirm", args=[activity.pk]), {"version": activity.version}
    )
    meeting = gathering(world)
    member.post(report_url(world, meeting), report(timezone.localdate(), "leader", how="Muntlig"))
    page = client_as("secretariat").get(reverse("home:audit_log")).text
    log = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Kompetanseaktivitet: Hospitering ved palliativ enhet" in log
    assert "Bekreftet av: – → Lars Leder" in log
    assert "Referat til arbeidsstedet: Mona Medlem" in log
    assert "Til nærmeste leder: ja" in log and "Hvordan: Muntlig" in log


def test_the_home_pages_take_as_many_queries_with_more_gatherings_and_activities(world, client_as):
    def queries(role: str) -> int:
        client = client_as(role)
        client.get(reverse("home:home"))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("home:home"))
        return len(captured)

    gathering(world)
    record(client_as("member"), world)
    before = {role: queries(role) for role in ("member", "nearest_leader")}
    for n in range(5):
        meeting = gathering(world, days_ago=10 + n, title=f"Møte {n}")
        competence.record_report_back(
            mona(world), meeting, by=None, reported_on=timezone.localdate(), to_leader=True, to_colleagues=True, how=""
        )
        record(client_as("member"), world, title=f"Kurs {n}")
    assert {role: queries(role) for role in ("member", "nearest_leader")} == before
