"""The meeting cycle's pages, as each persona uses them (tests/personas.py): who gets a page
and who is refused with 404 or 403 (DESIGN.md §2), what a good form does, what bad input
answers, the plan's warnings, the chain on the meeting's page and the secretariat's overview."""

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import services
from lindra.meetings.models import CompetenceTopic, DeadlineStep, HostChange, Invitation, Meeting, Registration
from lindra.meetings.rules import Step
from lindra.registry.models import Leave, Membership
from tests import factories as f
from tests.personas import EVERYONE, SIGN_IN, VISITOR, World, expect, outcome

REQUIRED = "Feltet er påkrevet."
BAD_DATE = "Oppgi en gyldig dato."


def today() -> dt.date:
    return f.today()


def membership_of(world: World, role: str) -> Membership:
    return Membership.objects.get(person=world.person(role))


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def errors(response, form: str = "form") -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in response.context[form].errors.items()}


# Who gets what --------------------------------------------------------------------------------

SEES_A1_MEETING = expect(
    404, superuser=200, secretariat=200, committee_member=200, group_leader=200, host=200, member=200
)
EDITS_A1_AGENDA = expect(
    404, superuser=200, secretariat=200, committee_member=403, group_leader=200, host=200, member=403
)
RUNS_A1_MEETINGS = expect(
    404, superuser=200, secretariat=200, committee_member=403, group_leader=200, host=403, member=403
)
RUNS_COMMITTEE_A = expect(404, superuser=200, secretariat=200, committee_member=200)
RUNS_NETWORK_A = expect(404, superuser=200, secretariat=200, committee_member=403)


def _topic(world: World) -> list:
    topic = CompetenceTopic.objects.create(network=world.network_a, title="Lindrende sedering")
    return [world.network_a.pk, topic.pk]


def _next_year() -> int:
    return today().year + 1


PAGES: dict[str, tuple[str, Callable[[World], list], dict[str, object], bool]] = {
    # what: (URL name, its arguments, what each persona gets, whether the page takes a POST)
    "A1's meeting": ("meetings:detail", lambda w: [w.meeting.pk], SEES_A1_MEETING, False),
    "the committee's meeting": ("meetings:detail", lambda w: [w.committee_meeting.pk], RUNS_COMMITTEE_A, False),
    "A1's agenda": ("meetings:agenda", lambda w: [w.meeting.pk], EDITS_A1_AGENDA, True),
    "the committee's agenda": ("meetings:agenda", lambda w: [w.committee_meeting.pk], RUNS_COMMITTEE_A, True),
    "A1's host": ("meetings:replace_host", lambda w: [w.meeting.pk], RUNS_A1_MEETINGS, True),
    "the committee's host": (
        "meetings:replace_host",
        lambda w: [w.committee_meeting.pk],
        RUNS_COMMITTEE_A,
        True,
    ),
    "A1's plan": ("meetings:plan_group", lambda w: [w.group_a1.pk], RUNS_A1_MEETINGS, True),
    "A1's plan for a year": (
        "meetings:plan_group_year",
        lambda w: [w.group_a1.pk, _next_year()],
        RUNS_A1_MEETINGS,
        True,
    ),
    "the committee's plan": ("meetings:plan_committee", lambda w: [w.committee_a.pk], RUNS_COMMITTEE_A, True),
    "the committee's plan for a year": (
        "meetings:plan_committee_year",
        lambda w: [w.committee_a.pk, _next_year()],
        RUNS_COMMITTEE_A,
        True,
    ),
    "the deadlines": ("meetings:overview", lambda w: [w.network_a.pk], RUNS_NETWORK_A, False),
    "the competence plan": ("meetings:topics", lambda w: [w.network_a.pk], RUNS_NETWORK_A, True),
    "a topic": ("meetings:topic_edit", _topic, RUNS_NETWORK_A, True),
}


def footprint() -> list:
    """Everything a refused POST could have changed."""
    rows = [list(model.objects.order_by("pk").values()) for model in (Meeting, DeadlineStep, HostChange)]
    rows.append(list(CompetenceTopic.objects.order_by("pk").values()))
    return [*rows, AuditEvent.objects.exclude(action=AuditAction.ACCESS_REFUSED).count()]


ANY_POST = {
    "title": "Endret",
    "part2_title": "Endret",
    "workplace_only": "on",
    "version": "1",
    "mote-TOTAL_FORMS": "1",
    "mote-INITIAL_FORMS": "0",
    "mote-0-day": "2028-02-10",
    "mote-0-starts": "09:00",
    "mote-0-ends": "15:00",
}


@pytest.mark.parametrize("what", PAGES)
def test_each_persona_gets_the_page_or_is_refused_as_the_design_says(world, client_as, what):
    name, arguments, expected, takes_post = PAGES[what]
    url = reverse(name, args=arguments(world))
    before = footprint()
    problems = []
    for role in EVERYONE:
        client = client_as(role)
        got = outcome(client.get(url))
        if got != expected[role]:
            problems.append(f"GET as {role}: expected {expected[role]}, got {got}")
        if takes_post and expected[role] != 200:
            got = outcome(client.post(url, ANY_POST))
            if got != expected[role]:
                problems.append(f"POST as {role}: expected {expected[role]}, got {got}")
    assert not problems, "\n".join(problems)
    assert footprint() == before, "a refused request changed something"


def test_every_page_of_the_meeting_cycle_is_covered_here():
    from lindra.meetings.urls import urlpatterns

    ours = {"detail", "agenda", "replace_host", "mark_done", "plan_group", "plan_group_year", "plan_committee"}
    ours |= {"plan_committee_year", "overview", "topics", "topic_edit"}
    assert ours <= {pattern.name for pattern in urlpatterns}
    assert {f"meetings:{name}" for name in ours - {"mark_done"}} == {name for name, *_rest in PAGES.values()}


def test_a_refused_page_is_written_to_the_audit_log(world, client_as):
    client_as("other_member").get(reverse("meetings:detail", args=[world.meeting.pk]))
    client_as("host").post(reverse("meetings:replace_host", args=[world.meeting.pk]), {"workplace_only": "on"})
    refused = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).order_by("id")
    assert [(e.actor, e.changes["status"]) for e in refused] == [
        (world.user("other_member"), 404),
        (world.user("host"), 403),
    ]


def test_a_host_who_was_replaced_no_longer_edits_the_agenda(world, client_as):
    services.replace_host(
        world.meeting,
        host=membership_of(world, "member"),
        workplace_only=False,
        reason="",
        by=world.user("group_leader"),
    )
    # Aina is still a member of the group: she sees the meeting, Mona now edits it.
    assert client_as("host").get(reverse("meetings:agenda", args=[world.meeting.pk])).status_code == 403
    assert client_as("host").get(reverse("meetings:detail", args=[world.meeting.pk])).status_code == 200
    assert client_as("member").get(reverse("meetings:agenda", args=[world.meeting.pk])).status_code == 200


# Marking steps done ---------------------------------------------------------------------------

HOSTS_STEPS = {Step.PROGRAM, Step.INVITATION_TO_SECRETARIAT, Step.REGISTRATION_DEADLINE}
LEADERS_STEPS = {Step.MINUTES_TO_SECRETARIAT}
SECRETARIATS_STEPS = {Step.INVITATION_SENT, Step.MINUTES_SENT}
MARKS = {
    # role: the steps of A1's meeting it may mark done; any other step it sees: 403
    "superuser": set(Step),
    "secretariat": set(Step),
    "group_leader": HOSTS_STEPS | LEADERS_STEPS,
    "host": HOSTS_STEPS,
    "committee_member": set(),
    "member": set(),
}


@pytest.mark.parametrize("role", EVERYONE)
def test_each_persona_marks_only_the_steps_it_owns(world, client_as, role):
    services.create_steps(world.meeting)
    client = client_as(role)
    problems = []
    for step in Step:
        response = client.post(reverse("meetings:mark_done", args=[world.meeting.pk, step]))
        if role == VISITOR:
            expected = SIGN_IN
        elif role not in MARKS:
            expected = 404
        else:
            expected = 302 if step in MARKS[role] else 403
        if outcome(response) != expected:
            problems.append(f"{step}: expected {expected}, got {outcome(response)}")
    assert not problems, "\n".join(problems)
    done = set(DeadlineStep.objects.filter(done_at__isnull=False).values_list("step", flat=True))
    assert done == MARKS.get(role, set())
    assert set(DeadlineStep.objects.filter(done_at__isnull=False).values_list("done_by", flat=True)) <= {
        world.user(role).pk if role != VISITOR else None
    }


def test_the_committee_marks_the_steps_of_its_own_meeting_but_not_the_secretariats(world, client_as):
    services.create_steps(world.committee_meeting)
    client = client_as("committee_member")
    for step in Step:
        response = client.post(reverse("meetings:mark_done", args=[world.committee_meeting.pk, step]))
        assert response.status_code == (403 if step in SECRETARIATS_STEPS else 302), step
    assert (
        client_as("group_leader")
        .post(reverse("meetings:mark_done", args=[world.committee_meeting.pk, Step.INVITATION_SENT]))
        .status_code
        == 404
    )


def test_marking_a_step_done_twice_says_so(world, client_as):
    services.create_steps(world.meeting)
    url = reverse("meetings:mark_done", args=[world.meeting.pk, Step.PROGRAM])
    host = client_as("host")
    response = host.post(url)
    assert response["Location"] == reverse("meetings:detail", args=[world.meeting.pk])
    step = DeadlineStep.objects.get(meeting=world.meeting, step=Step.PROGRAM)
    assert step.done_by == world.user("host")

    again = client_as("group_leader").post(url, follow=True)
    assert "Steget er allerede markert som utført." in again.text
    assert reload(step).done_by == world.user("host")


# The meeting's page ---------------------------------------------------------------------------


def chain_rows(html: str) -> dict[str, str]:
    """The rows of the chain's table, by the step's label."""
    return {label: row for row, label in re.findall(r"(<tr>\s*<td>([^<]+)</td>.*?</tr>)", html, re.S)}


def test_the_meetings_page_shows_the_chain_with_late_steps_marked(world, client_as):
    meeting = f.meeting(world.group_a1, starts_at=f.at(today() + dt.timedelta(days=10), 10), host=world.person("host"))
    services.create_steps(meeting)
    services.mark_step_done(meeting, Step.INVITATION_SENT, by=world.user("secretariat"))

    page = client_as("host").get(reverse("meetings:detail", args=[meeting.pk])).text
    rows = chain_rows(page)

    assert list(rows) == [
        "Program avtalt med gruppelederen",
        "Innkalling sendt til sekretariatet",
        "Innkalling sendt til gruppen",
        "Påmeldingsfrist",
        "Referat sendt til sekretariatet",
        "Referat sendt ut",
    ]
    late = [label for label, row in rows.items() if "For sent" in row]
    assert late == ["Program avtalt med gruppelederen", "Innkalling sendt til sekretariatet"]
    assert f"Utført {date_format(today(), 'j. F Y')}" in rows["Innkalling sendt til gruppen"]
    assert "Venter" in rows["Påmeldingsfrist"]
    # The host may mark its own open steps, and no others.
    may_mark = [label for label, row in rows.items() if "som utført" in row]
    assert may_mark == ["Program avtalt med gruppelederen", "Innkalling sendt til sekretariatet", "Påmeldingsfrist"]
    assert "Rediger programmet" in page
    assert "Bytt arrangør" not in page


def test_a_member_sees_the_meeting_but_no_buttons(world, client_as):
    services.create_steps(world.meeting)
    page = client_as("member").get(reverse("meetings:detail", args=[world.meeting.pk])).text
    assert "Gruppemøte om smertelindring" in page
    assert "Løvåsen sykehjem, møterom 2" in page
    assert len(chain_rows(page)) == len(Step)
    for button in ("Marker «", "Rediger programmet", "Bytt arrangør"):
        assert button not in page


def test_the_group_leader_sees_who_hosted_over_time(world, client_as):
    [meeting] = services.plan_year(
        world.group_a1,
        [
            services.PlannedRow(
                f.at(today() + dt.timedelta(days=90), 9),
                f.at(today() + dt.timedelta(days=90), 15),
                "",
                membership_of(world, "host"),
            )
        ],
        by=world.user("group_leader"),
    )
    services.replace_host(meeting, host=None, workplace_only=True, reason="Aina er syk", by=world.user("group_leader"))
    page = client_as("group_leader").get(reverse("meetings:detail", args=[meeting.pk])).text
    assert "Arrangører over tid" in page
    assert "Aina Arrangør, Årstad hjemmetjeneste" in page
    assert "Årstad hjemmetjeneste (Aina er syk)" in page
    assert "Bytt arrangør" in page


# The agenda -----------------------------------------------------------------------------------


def agenda_data(meeting: Meeting, **values) -> dict:
    return {
        "place": "Årstad hjemmetjeneste, kantina",
        "part1": "Nytt fra driftsgruppen. Erfaringer med tiltaksplan for døende.",
        "part2_title": "Munnstell i livets sluttfase",
        "part2": "Undervisning ved kreftsykepleier.",
        "registration_deadline": "",
        "minute_taker": "",
        "version": str(meeting.version),
        **values,
    }


def test_the_agenda_form_says_why_there_are_no_topics_to_choose(world, client_as):
    url = reverse("meetings:agenda", args=[world.meeting.pk])
    CompetenceTopic.objects.create(network=world.network_b, title="Annet nettverks tema")
    page = client_as("host").get(url).text
    assert "Kompetanseplanen har ingen temaer ennå. Sekretariatet legger dem inn." in page
    CompetenceTopic.objects.create(network=world.network_a, title="Munnstell")
    page = client_as("host").get(url).text
    assert "Munnstell" in page and "Kompetanseplanen har ingen temaer ennå" not in page


def test_the_host_saves_the_agenda_in_two_parts_with_its_topics(world, client_as):
    meeting = world.meeting
    services.create_steps(meeting)
    topic = CompetenceTopic.objects.create(network=world.network_a, title="Munnstell")
    CompetenceTopic.objects.create(network=world.network_b, title="Annet nettverks tema")
    url = reverse("meetings:agenda", args=[meeting.pk])
    host = client_as("host")
    form = host.get(url)
    assert form.status_code == 200
    assert list(form.context["form"].fields["topics"].queryset) == [topic]
    deadline = timezone.localdate(meeting.starts_at) - dt.timedelta(days=3)

    response = host.post(
        url,
        agenda_data(
            meeting,
            topics=[topic.pk],
            registration_deadline=deadline.isoformat(),
            minute_taker=world.person("member").pk,
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    saved = reload(meeting)
    assert (saved.part2_title, saved.place, saved.minute_taker, saved.version) == (
        "Munnstell i livets sluttfase",
        "Årstad hjemmetjeneste, kantina",
        world.person("member"),
        2,
    )
    assert list(saved.topics.all()) == [topic]
    assert DeadlineStep.objects.get(meeting=meeting, step=Step.REGISTRATION_DEADLINE).due_on == deadline
    page = host.get(response["Location"]).text
    assert "Programmet er lagret." in page
    assert "Munnstell i livets sluttfase" in page


def test_an_agenda_saved_by_someone_else_meanwhile_is_not_overwritten(world, client_as):
    meeting = world.meeting
    url = reverse("meetings:agenda", args=[meeting.pk])
    opened = agenda_data(meeting, part2_title="Smertepumpe i praksis")
    leader = client_as("group_leader")
    assert leader.post(url, agenda_data(meeting, part2_title="Lindrende sedering")).status_code == 302

    host = client_as("host")
    response = host.post(url, opened)

    assert response.status_code == 400
    assert errors(response) == {"__all__": ["Noen andre har lagret programmet mens du skrev. Se over og lagre igjen."]}
    assert 'value="Smertepumpe i praksis"' in response.text  # what the host typed is kept
    assert reload(meeting).part2_title == "Lindrende sedering"
    # The form now carries the version the host has seen; saving again is deliberate.
    assert 'name="version" value="2"' in response.text
    assert host.post(url, {**opened, "version": "2"}).status_code == 302
    assert reload(meeting).part2_title == "Smertepumpe i praksis"


def test_an_agenda_with_an_invalid_date_keeps_what_was_typed(world, client_as):
    url = reverse("meetings:agenda", args=[world.meeting.pk])
    response = client_as("host").post(url, agenda_data(world.meeting, registration_deadline="2027-02-30"))
    assert response.status_code == 400
    assert errors(response) == {"registration_deadline": [BAD_DATE]}
    assert 'value="2027-02-30"' in response.text
    assert 'value="Munnstell i livets sluttfase"' in response.text
    assert reload(world.meeting).version == 1


# Replacing the host ---------------------------------------------------------------------------


def test_the_group_leader_replaces_the_host_by_another_member(world, client_as):
    url = reverse("meetings:replace_host", args=[world.meeting.pk])
    leader = client_as("group_leader")
    page = leader.get(url)
    mona = membership_of(world, "member")
    # Aina hosts now: only the others are suggested.
    assert [choice for choice, _label in page.context["form"].fields["host"].choices] == ["", mona.pk]

    response = leader.post(url, {"host": mona.pk, "reason": "Aina er på kurs"})

    assert response["Location"] == reverse("meetings:detail", args=[world.meeting.pk])
    meeting = reload(world.meeting)
    assert (meeting.host, meeting.host_workplace) == (mona.person, mona.workplace)
    [change] = HostChange.objects.filter(meeting=meeting)
    assert (change.host, change.reason, change.changed_by) == (
        mona.person,
        "Aina er på kurs",
        world.user("group_leader"),
    )


def test_the_secretariat_leaves_the_meeting_to_the_hosts_workplace(world, client_as):
    aina = membership_of(world, "host")
    Meeting.objects.filter(pk=world.meeting.pk).update(host_workplace=aina.workplace)
    response = client_as("secretariat").post(
        reverse("meetings:replace_host", args=[world.meeting.pk]), {"workplace_only": "on", "reason": ""}
    )
    assert response.status_code == 302
    meeting = reload(world.meeting)
    assert (meeting.host, meeting.host_workplace) == (None, aina.workplace)


def test_replacing_the_host_without_a_choice_is_refused_beside_the_field(world, client_as):
    url = reverse("meetings:replace_host", args=[world.meeting.pk])
    response = client_as("group_leader").post(url, {"host": "", "reason": "Syk"})
    assert response.status_code == 400
    assert errors(response) == {"host": ["Velg en ny arrangør, eller la arbeidsstedet overta."]}
    assert 'value="Syk"' in response.text
    # Only the workplace can take over, and this meeting has none.
    response = client_as("group_leader").post(url, {"workplace_only": "on", "reason": "Syk"})
    assert response.status_code == 400
    assert errors(response) == {"__all__": ["Møtet har ikke noe arrangørsted som kan overta."]}
    assert reload(world.meeting).host == world.person("host")


# The year's plan ------------------------------------------------------------------------------


def plan_data(*rows: dict, confirm: str | None = None) -> dict:
    data = {"mote-TOTAL_FORMS": str(len(rows)), "mote-INITIAL_FORMS": "0"}
    data |= {"mote-MIN_NUM_FORMS": "0", "mote-MAX_NUM_FORMS": "1000"}
    for number, row in enumerate(rows):
        filled = {"day": "", "starts": "09:00", "ends": "15:00", "place": "", "host": "", **row}
        data |= {f"mote-{number}-{name}": value for name, value in filled.items()}
    if confirm is not None:
        data["confirm"] = confirm
    return data


def confirmation(response) -> str:
    """The confirmation the page asks to be sent back with the plan."""
    match = re.search(r'name="confirm" value="([^"]*)"', response.text)
    assert match, "the page asks for no confirmation"
    return match[1]


THURSDAYS = ["2028-02-10", "2028-06-08", "2028-10-12"]


def test_the_plan_page_offers_one_row_for_each_meeting_the_policy_asks_for(world, client_as):
    page = client_as("group_leader").get(reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028]))
    assert page.status_code == 200
    assert "Møteplan 2028 for Bergen sentrum" in page.text
    assert len(page.context["formset"].forms) == 3
    # The fairest host first: Aina's workplace and Mona's have hosted as little; Aina hosts next
    # (A1's next meeting, whose host has no workplace recorded), so by name.
    hosts = [label for _pk, label in page.context["formset"].forms[0].fields["host"].choices]
    assert hosts == ["Ikke valgt ennå", "Aina Arrangør (Årstad hjemmetjeneste)", "Mona Medlem (Løvåsen sykehjem)"]


def test_the_group_leader_plans_the_year(world, client_as):
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    rows = [
        {"day": THURSDAYS[0], "place": "Årstad", "host": aina.pk},
        {"day": THURSDAYS[1], "place": "Løvåsen", "host": mona.pk},
        {"day": THURSDAYS[2], "starts": "10:00", "ends": "14:30"},
    ]
    response = client_as("group_leader").post(
        reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028]), plan_data(*rows)
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("registry:group", args=[world.group_a1.pk])
    meetings = list(Meeting.objects.filter(local_group=world.group_a1, starts_at__year=2028))
    assert [(timezone.localtime(m.starts_at), timezone.localtime(m.ends_at)) for m in meetings] == [
        (f.at(dt.date(2028, 2, 10), 9), f.at(dt.date(2028, 2, 10), 15)),
        (f.at(dt.date(2028, 6, 8), 9), f.at(dt.date(2028, 6, 8), 15)),
        (f.at(dt.date(2028, 10, 12), 10), f.at(dt.date(2028, 10, 12), 14, 30)),
    ]
    assert [(m.place, m.host) for m in meetings] == [("Årstad", aina.person), ("Løvåsen", mona.person), ("", None)]
    assert DeadlineStep.objects.filter(meeting__in=meetings).count() == 3 * len(Step)
    assert HostChange.objects.filter(meeting__in=meetings).count() == 2


def test_the_plan_shows_its_warnings_and_saves_only_when_confirmed(world, client_as):
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    leader = client_as("group_leader")
    rows = [{"day": "2028-05-17"}, {"day": "2028-09-09"}, {"day": ""}]  # the third row left empty

    first = leader.post(url, plan_data(*rows))

    assert first.status_code == 200
    assert first.context["warnings"] == [
        "Planen har 2 møter, men nettverket krever 3 i året.",
        "17. mai 2028 er en helligdag (Grunnlovsdag).",
        "9. september 2028 er en lørdag.",
    ]
    assert "Se over dette før du lagrer:" in first.text
    assert 'value="2028-05-17"' in first.text
    assert not Meeting.objects.filter(starts_at__year=2028).exists()

    saved = leader.post(url, plan_data(*rows, confirm=confirmation(first)))

    assert saved.status_code == 302
    days = [timezone.localdate(m.starts_at) for m in Meeting.objects.filter(starts_at__year=2028)]
    assert days == [dt.date(2028, 5, 17), dt.date(2028, 9, 9)]


def test_a_plan_changed_after_its_warnings_were_shown_is_checked_again(world, client_as):
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    leader = client_as("group_leader")
    first = leader.post(url, plan_data({"day": THURSDAYS[0]}, {"day": "2028-05-17"}, {"day": THURSDAYS[2]}))
    assert first.context["warnings"] == ["17. mai 2028 er en helligdag (Grunnlovsdag)."]

    # The leader moves the meeting from 17 May to a Saturday and saves with the old confirmation.
    moved = plan_data({"day": THURSDAYS[0]}, {"day": "2028-05-20"}, {"day": THURSDAYS[2]}, confirm=confirmation(first))
    second = leader.post(url, moved)

    assert second.status_code == 200
    assert second.context["warnings"] == ["20. mai 2028 er en lørdag."]
    assert not Meeting.objects.filter(starts_at__year=2028).exists()
    assert leader.post(url, {**moved, "confirm": confirmation(second)}).status_code == 302


def test_ahus_plan_warns_about_the_hours(world, client_as):
    type(world.network_a).objects.filter(pk=world.network_a.pk).update(min_gathering_hours_per_year=12)
    response = client_as("secretariat").post(
        reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028]),
        plan_data(*[{"day": day, "starts": "09:00", "ends": "12:00"} for day in THURSDAYS]),
    )
    assert response.context["warnings"] == [
        "Møtene gir 9 timer, men nettverket krever minst 12 timer samlinger i året."
    ]


def test_a_meeting_that_ends_before_it_starts_is_refused_beside_the_field(world, client_as):
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    rows = [{"day": THURSDAYS[0]}, {"day": THURSDAYS[1], "starts": "15:00", "ends": "09:00"}, {"day": THURSDAYS[2]}]
    response = client_as("group_leader").post(url, plan_data(*rows))

    assert response.status_code == 400
    formset = response.context["formset"]
    assert [form.errors for form in formset.forms] == [{}, {"ends": ["Møtet må slutte etter at det begynner."]}, {}]
    assert 'value="15:00"' in response.text
    assert 'value="2028-06-08"' in response.text
    assert not Meeting.objects.filter(starts_at__year=2028).exists()


def test_two_meetings_on_the_same_day_are_refused_beside_the_date(world, client_as):
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    rows = [{"day": THURSDAYS[0]}, {"day": THURSDAYS[1]}, {"day": THURSDAYS[1], "place": "Løvåsen"}]
    response = client_as("group_leader").post(url, plan_data(*rows))

    assert response.status_code == 400
    formset = response.context["formset"]
    assert [form.errors for form in formset.forms] == [{}, {}, {"day": ["To møter har samme dato."]}]
    assert 'value="Løvåsen"' in response.text
    assert not Meeting.objects.filter(starts_at__year=2028).exists()


def test_an_invalid_date_in_the_plan_is_refused_beside_the_field(world, client_as):
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    rows = [{"day": THURSDAYS[0]}, {"day": "2028-02-30"}, {"day": THURSDAYS[2]}]
    response = client_as("group_leader").post(url, plan_data(*rows))

    assert response.status_code == 400
    assert [form.errors for form in response.context["formset"].forms] == [{}, {"day": [BAD_DATE]}, {}]
    assert 'value="2028-02-30"' in response.text


def test_a_plan_with_no_meetings_is_refused(world, client_as):
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    response = client_as("group_leader").post(url, plan_data({}, {}, {}))
    assert response.status_code == 400
    assert list(response.context["formset"].non_form_errors()) == ["Legg inn minst ett møte."]


def test_a_host_who_is_no_member_cannot_be_posted_into_the_plan(world, client_as):
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    olav = membership_of(world, "other_member")
    response = client_as("group_leader").post(url, plan_data(*[{"day": d, "host": olav.pk} for d in THURSDAYS]))
    assert response.status_code == 400
    assert "host" in response.context["formset"].forms[0].errors


def test_the_committee_member_plans_the_committees_meetings(world, client_as):
    url = reverse("meetings:plan_committee_year", args=[world.committee_a.pk, 2028])
    page = client_as("committee_member").get(url)
    assert len(page.context["formset"].forms) == 4  # the policy's committee meetings a year
    days = ["2028-01-13", "2028-04-06", "2028-09-07", "2028-11-16"]
    response = client_as("committee_member").post(url, plan_data(*[{"day": d} for d in days]))
    assert response["Location"] == reverse("registry:committee", args=[world.committee_a.pk])
    meetings = Meeting.objects.filter(committee=world.committee_a, starts_at__year=2028)
    assert [m.title for m in meetings] == [f"Møte {n} / 2028 i Driftsgruppen" for n in range(1, 5)]


def as_typed(page, *, confirm: str | None = None, **rows: dict) -> dict:
    """The plan form as the page showed it, with the changes typed into some rows
    (row_0={"place": ...}), ready to post."""
    formset = page.context["formset"]
    data = {
        "mote-TOTAL_FORMS": str(len(formset.forms)),
        "mote-INITIAL_FORMS": str(formset.initial_form_count()),
        "mote-MIN_NUM_FORMS": "0",
        "mote-MAX_NUM_FORMS": "1000",
    }
    for number, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = field.widget.format_value(form[name].value())
            if name != "remove" and value is not None:
                data[form.add_prefix(name)] = value
        for name, value in rows.get(f"row_{number}", {}).items():
            data[form.add_prefix(name)] = value
    if confirm is not None:
        data["confirm"] = confirm
    return data


def hosts_chosen(page) -> list[str]:
    return [form["host"].value() for form in page.context["formset"].forms]


def test_the_plan_of_a_new_year_suggests_a_host_for_each_meeting_each_workplace_in_turn(world, client_as):
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    page = client_as("group_leader").get(reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028]))
    assert hosts_chosen(page) == [str(aina.pk), str(mona.pk), str(aina.pk)]
    assert [f"Nytt møte {n}" in page.text for n in (1, 2, 3)] == [True, True, True]


def test_a_member_on_leave_for_the_whole_planned_year_is_not_suggested(world, client_as):
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    Leave.objects.create(membership=aina, starts_on=dt.date(2028, 1, 1), ends_on=dt.date(2028, 12, 31))
    page = client_as("group_leader").get(reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028]))
    assert hosts_chosen(page) == [str(mona.pk)] * 3
    choices = dict(page.context["formset"].forms[0].fields["host"].choices)
    assert choices[str(aina.pk)] == "Aina Arrangør (Årstad hjemmetjeneste) – i permisjon"


def test_a_chosen_host_on_leave_on_the_day_is_a_warning_to_confirm(world, client_as):
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    Leave.objects.create(membership=mona, starts_on=dt.date(2028, 6, 1), ends_on=dt.date(2028, 6, 30))
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    leader = client_as("group_leader")
    rows = [{"day": THURSDAYS[0], "host": aina.pk}, {"day": THURSDAYS[1], "host": mona.pk}, {"day": THURSDAYS[2]}]

    first = leader.post(url, plan_data(*rows))

    assert first.context["warnings"] == [
        "Mona Medlem har permisjon 8. juni 2028. Forslag: Aina Arrangør (Årstad hjemmetjeneste)."
    ]
    assert not Meeting.objects.filter(starts_at__year=2028).exists()
    assert leader.post(url, plan_data(*rows, confirm=confirmation(first))).status_code == 302
    assert Meeting.objects.get(starts_at__date=dt.date(2028, 6, 8)).host == mona.person


def planned_2028(world: World) -> list[Meeting]:
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    rows = [
        services.PlannedRow(f.at(dt.date(2028, 2, 10), 9), f.at(dt.date(2028, 2, 10), 15), "Årstad", aina),
        services.PlannedRow(f.at(dt.date(2028, 6, 8), 9), f.at(dt.date(2028, 6, 8), 15), "Løvåsen", mona),
    ]
    return services.plan_year(world.group_a1, rows, by=world.user("group_leader"))


def test_planning_a_year_that_has_meetings_shows_them_to_change_and_adds_to_them(world, client_as):
    first, second = planned_2028(world)
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    leader = client_as("group_leader")
    page = leader.get(url)

    forms = page.context["formset"].forms
    assert [form.existing for form in forms] == [first, second, None]
    assert "Nettverksmøte 1 / 2028" in page.text and "Nettverksmøte 2 / 2028" in page.text
    assert forms[0]["place"].value() == "Årstad"
    assert "Ta møtet ut av planen" in page.text

    changed = as_typed(page, row_0={"place": "Årstad, kantina", "starts": "10:00"}, row_2={"day": "2028-10-12"})
    response = leader.post(url, changed)

    assert response.status_code == 302
    meetings = list(Meeting.objects.filter(local_group=world.group_a1, starts_at__year=2028))
    assert [(m.title, m.place) for m in meetings] == [
        ("Nettverksmøte 1 / 2028", "Årstad, kantina"),
        ("Nettverksmøte 2 / 2028", "Løvåsen"),
        ("Nettverksmøte 3 / 2028", ""),
    ]
    assert timezone.localtime(meetings[0].starts_at).hour == 10
    assert meetings[2].host == world.person("host")  # the suggestion in turn: Årstad hosted longest ago
    assert HostChange.objects.filter(meeting=first).count() == 1  # the host did not change


def test_a_meeting_whose_invitation_went_out_is_shown_with_why_and_not_changed(world, client_as):
    first, second = planned_2028(world)
    Invitation.objects.create(meeting=first, status=Invitation.Status.SENT, sent_at=f.at(dt.date(2028, 1, 20)))
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    leader = client_as("group_leader")
    page = leader.get(url)

    assert "Innkallingen ble sendt ut 20. januar 2028, så møtet endres ikke her." in page.text
    assert page.context["formset"].forms[0].fields["place"].disabled
    typed = as_typed(page, row_0={"place": "Et annet sted", "remove": "on"}, row_1={"place": "Løvåsen, kantina"})
    asked = leader.post(url, typed)
    assert asked.context["warnings"] == ["Planen har 2 møter, men nettverket krever 3 i året."]
    assert leader.post(url, {**typed, "confirm": confirmation(asked)}).status_code == 302
    assert (reload(first).place, reload(second).place) == ("Årstad", "Løvåsen, kantina")


def test_taking_a_meeting_out_of_the_plan_is_a_warning_to_confirm(world, client_as):
    first, second = planned_2028(world)
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    leader = client_as("group_leader")
    typed = as_typed(leader.get(url), row_1={"remove": "on"})

    asked = leader.post(url, typed)

    assert asked.context["warnings"] == [
        "Planen har 1 møte, men nettverket krever 3 i året.",
        "Nettverksmøte 2 / 2028 (8. juni 2028) tas ut av planen og slettes.",
    ]
    assert Meeting.objects.filter(pk=second.pk).exists()
    assert leader.post(url, {**typed, "confirm": confirmation(asked)}).status_code == 302
    assert list(Meeting.objects.filter(starts_at__year=2028)) == [first]


def test_adding_a_row_keeps_what_was_typed_and_checks_nothing_yet(world, client_as):
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    leader = client_as("group_leader")
    typed = as_typed(leader.get(url), row_0={"day": "2028-02-10", "place": "Årstad"}, row_1={"starts": "16:00"})

    response = leader.post(url, {**typed, "add_row": "1"})

    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert len(forms) == 4
    assert (forms[0]["day"].value(), forms[0]["place"].value()) == ("2028-02-10", "Årstad")
    assert not any(form.errors for form in forms)
    assert forms[3]["host"].value()  # the new row has its suggestion too
    assert not Meeting.objects.filter(starts_at__year=2028).exists()


def test_a_date_in_another_year_is_refused_beside_the_date(world, client_as):
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    rows = [{"day": THURSDAYS[0]}, {"day": "2029-01-11"}, {"day": THURSDAYS[2]}]
    response = client_as("group_leader").post(url, plan_data(*rows))
    assert response.status_code == 400
    assert [form.errors for form in response.context["formset"].forms] == [{}, {"day": ["Velg en dato i 2028."]}, {}]
    assert 'value="2029-01-11"' in response.text


def test_the_plan_page_takes_as_many_queries_for_a_busy_year_as_for_a_quiet_one(world, client_as):
    url = reverse("meetings:plan_group_year", args=[world.group_a1.pk, 2028])
    leader = client_as("group_leader")

    def add(meetings: int, members: int, first: dt.date) -> None:
        """Members, and meetings of the year a week apart, hosted, with a guest invited."""
        for _n in range(members):
            f.membership(f.person(), world.group_a1)
        for n in range(meetings):
            meeting = f.meeting(
                world.group_a1,
                starts_at=f.at(first + dt.timedelta(days=7 * n), 9),
                host=world.person("member"),
                host_workplace=world.workplace,
            )
            Registration.objects.create(
                meeting=meeting, kind=Registration.Kind.GUEST, guest_name="Gjest", guest_email=f"{n}@gjest.example"
            )

    add(2, 1, dt.date(2028, 1, 5))
    few = count_queries(leader, url)
    add(10, 8, dt.date(2028, 3, 1))
    assert count_queries(leader, url) == few


# The secretariat's overview -------------------------------------------------------------------


def meetings_with_chains(world: World, count: int) -> None:
    groups = [world.group_a1, world.group_a2, f.group(world.network_a)]
    for number in range(count):
        organiser = world.committee_a if number % 5 == 0 else groups[number % 3]
        meeting = f.meeting(
            organiser,
            starts_at=f.at(today() + dt.timedelta(days=10 + number % 20), 10),
            host=world.person("host") if number % 2 else None,
            title=f"Møte nummer {number}",
        )
        services.create_steps(meeting)


def test_the_overview_lists_open_and_late_steps_of_every_group(world, client_as):
    meeting = f.meeting(world.group_a1, starts_at=f.at(today() + dt.timedelta(days=10), 10), title="Vårmøtet")
    services.create_steps(meeting)
    services.mark_step_done(meeting, Step.PROGRAM, by=world.user("group_leader"))
    other = f.meeting(world.group_b1, starts_at=f.at(today() + dt.timedelta(days=10), 10))
    services.create_steps(other)

    response = client_as("secretariat").get(reverse("meetings:overview", args=[world.network_a.pk]))

    labels = [(row["step"].meeting, row["step"].step, row["late"]) for row in response.context["rows"]]
    assert labels == [
        (meeting, Step.INVITATION_TO_SECRETARIAT, True),
        (meeting, Step.INVITATION_SENT, True),
        (meeting, Step.REGISTRATION_DEADLINE, False),
        (meeting, Step.MINUTES_TO_SECRETARIAT, False),
    ]
    assert "Vårmøtet" in response.text
    assert response.text.count("for sent") == 2


def test_the_overview_says_who_answers_for_each_step_and_who_is_told_when(world, client_as):
    day = today() + dt.timedelta(days=10)
    meeting = f.meeting(world.group_a1, starts_at=f.at(day, 10), title="Vårmøtet", host=world.person("host"))
    Meeting.objects.filter(pk=meeting.pk).update(registration_deadline=day - dt.timedelta(days=2))
    services.create_steps(reload(meeting))

    response = client_as("secretariat").get(reverse("meetings:overview", args=[world.network_a.pk]))

    rows = {row["step"].step: row for row in response.context["rows"]}
    host_step = rows[Step.INVITATION_TO_SECRETARIAT]
    assert host_step["owner"] == "Arrangør"
    assert [(c.name, c.email, c.phone) for c in host_step["responsible"]] == [
        ("Aina Arrangør", "host@lindra.example", "555 00 004")
    ]
    assert host_step["told"] == (
        "Påminnelse 7 dager og 1 dag før fristen. "
        "Beskjed når fristen er passert: gruppelederen etter 1 dag, sekretariatet etter 7 dager."
    )
    # The secretariat's own step is not escalated to itself.
    assert rows[Step.INVITATION_SENT]["told"] == (
        "Påminnelse 7 dager og 1 dag før fristen. Beskjed når fristen er passert: gruppelederen etter 1 dag."
    )
    # Two days before the meeting: a week after it nobody is told about registering any more.
    assert rows[Step.REGISTRATION_DEADLINE]["told"] == (
        "Påminnelse 7 dager og 1 dag før fristen. Beskjed når fristen er passert: gruppelederen etter 1 dag."
    )
    text = response.text
    assert "Den ansvarlige får påminnelse 7 dager og 1 dag før fristen." in text
    assert "får gruppelederen (for fagdager, kurs og utvalgsmøter: lederen av utvalget) beskjed 1 dag etter" in text
    assert 'href="tel:55500004"' in text and 'href="mailto:host@lindra.example"' in text


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_overview_takes_as_many_queries_for_60_meetings_as_for_10(world, client_as):
    url = reverse("meetings:overview", args=[world.network_a.pk])
    secretariat = client_as("secretariat")
    meetings_with_chains(world, 10)
    few = count_queries(secretariat, url)
    meetings_with_chains(world, 50)
    many = count_queries(secretariat, url)
    assert many == few
    assert len(secretariat.get(url).context["rows"]) >= 60 * 3


# The competence plan --------------------------------------------------------------------------


def test_the_secretariat_adds_and_edits_the_competence_plans_topics(world, client_as):
    secretariat = client_as("secretariat")
    url = reverse("meetings:topics", args=[world.network_a.pk])
    response = secretariat.post(url, {"title": "Lindrende sedering", "description": "Retningslinjer"})
    assert response["Location"] == url
    topic = CompetenceTopic.objects.get(network=world.network_a)
    assert (topic.title, topic.retired) == ("Lindrende sedering", False)

    edit = reverse("meetings:topic_edit", args=[world.network_a.pk, topic.pk])
    response = secretariat.post(edit, {"title": "Lindrende sedering i sykehjem", "retired": "on"})
    assert response["Location"] == url
    topic = reload(topic)
    assert (topic.title, topic.retired) == ("Lindrende sedering i sykehjem", True)
    page = secretariat.get(url).text
    assert "Lindrende sedering i sykehjem" in page
    assert "ikke lenger i planen" in page
    # A retired topic is not offered for new agendas.
    agenda = secretariat.get(reverse("meetings:agenda", args=[world.meeting.pk]))
    assert list(agenda.context["form"].fields["topics"].queryset) == []


def test_a_topic_needs_a_title_that_the_network_does_not_have(world, client_as):
    secretariat = client_as("secretariat")
    url = reverse("meetings:topics", args=[world.network_a.pk])
    CompetenceTopic.objects.create(network=world.network_a, title="Munnstell")
    CompetenceTopic.objects.create(network=world.network_b, title="Smertelindring")

    response = secretariat.post(url, {"title": "", "description": "Uten tittel"})
    assert response.status_code == 400
    assert errors(response) == {"title": [REQUIRED]}
    assert "Uten tittel" in response.text

    response = secretariat.post(url, {"title": "Munnstell", "description": ""})
    assert response.status_code == 400
    assert errors(response) == {"title": ["Kompetanseplanen har allerede temaet Munnstell."]}
    # Another network's topic of the same name is no hindrance.
    assert secretariat.post(url, {"title": "Smertelindring"}).status_code == 302


def test_a_topic_of_another_network_is_not_found(world, client_as):
    topic = CompetenceTopic.objects.create(network=world.network_b, title="Smertelindring")
    url = reverse("meetings:topic_edit", args=[world.network_a.pk, topic.pk])
    assert client_as("secretariat").get(url).status_code == 404


def test_the_committee_member_saves_the_agenda_of_a_committee_meeting(world, client_as):
    meeting = world.committee_meeting
    response = client_as("committee_member").post(
        reverse("meetings:agenda", args=[meeting.pk]),
        agenda_data(meeting, programme="1. Årsplan for fagdagen", minute_taker=world.person("committee_member").pk),
    )
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    saved = reload(meeting)
    assert (saved.programme, saved.minute_taker) == ("1. Årsplan for fagdagen", world.person("committee_member"))
    # A committee meeting has a programme of its own: the two parts of a group meeting are left alone.
    assert (saved.part1, saved.part2_title, saved.part2) == ("", "", "")
