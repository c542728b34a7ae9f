"""The meeting cycle's workflows against a real database: the year's plan with its deadline
chains and hosts, the plan's warnings, fair host suggestions, replacing a host, the agenda's
version check and marking a step done (seeds 000, 001, 003)."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import deadlines, services
from lindra.meetings.models import CompetenceTopic, DeadlineStep, HostChange, Invitation, Meeting
from lindra.meetings.rules import Step
from lindra.registry.models import Leave, LocalGroup, Membership, Network, Workplace
from tests import factories as f
from tests.personas import World

# Three Thursdays of 2028, and what the seeds' policy makes of the first.
FEB_10, JUN_8, OCT_12 = dt.date(2028, 2, 10), dt.date(2028, 6, 8), dt.date(2028, 10, 12)


def row(day: dt.date, *, host: Membership | None = None, starts: float = 9, ends: float = 15, place: str = ""):
    """One line of a year's plan, Norwegian time."""

    def moment(hours: float) -> dt.datetime:
        return f.at(day, int(hours), int(hours % 1 * 60))

    return services.PlannedRow(moment(starts), moment(ends), place or "Løvåsen sykehjem", host)


def refused(message: str):
    """Expects the service to refuse with exactly this message."""
    return pytest.raises(services.MeetingError, match=f"^{re.escape(message)}$")


def membership_of(world: World, role: str) -> Membership:
    return Membership.objects.get(person=world.person(role))


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def due_dates(meeting: Meeting) -> dict[str, dt.date]:
    return dict(DeadlineStep.objects.filter(meeting=meeting).values_list("step", "due_on"))


def fresh_group(world: World) -> LocalGroup:
    """Group A1 as read from the database, with its network's policy as saved now."""
    return LocalGroup.objects.select_related("network").get(pk=world.group_a1.pk)


def plan(world: World, rows, organiser=None) -> list[Meeting]:
    return services.plan_year(organiser or world.group_a1, rows, by=world.user("group_leader"))


# The year's plan ------------------------------------------------------------------------------


def test_planning_the_year_creates_the_meetings_with_their_deadline_chains(world):
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    first, second, third = plan(world, [row(JUN_8, host=mona), row(FEB_10, host=aina), row(OCT_12)])

    assert [m.title for m in (first, second, third)] == [
        "Nettverksmøte 1 / 2028",
        "Nettverksmøte 2 / 2028",
        "Nettverksmøte 3 / 2028",
    ]
    assert [timezone.localtime(m.starts_at).date() for m in (first, second, third)] == [FEB_10, JUN_8, OCT_12]
    assert {m.local_group for m in (first, second, third)} == {world.group_a1}
    # The seeds: the program two months before, the invitation two weeks before, the minutes
    # two weeks after; the secretariat sends them on a week later.
    assert due_dates(first) == {
        Step.PROGRAM: dt.date(2027, 12, 12),
        Step.INVITATION_TO_SECRETARIAT: dt.date(2028, 1, 27),
        Step.INVITATION_SENT: dt.date(2028, 1, 27),
        Step.REGISTRATION_DEADLINE: dt.date(2028, 2, 3),
        Step.MINUTES_TO_SECRETARIAT: dt.date(2028, 2, 24),
        Step.MINUTES_SENT: dt.date(2028, 3, 2),
    }
    assert DeadlineStep.objects.filter(done_at__isnull=False).count() == 0
    assert len(due_dates(third)) == len(Step)


def test_each_planned_host_is_remembered_with_its_workplace(world):
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    first, second, third = plan(world, [row(FEB_10, host=aina), row(JUN_8, host=mona), row(OCT_12)])

    assert (first.host, first.host_workplace.name) == (world.person("host"), "Årstad hjemmetjeneste")
    assert (second.host, second.host_workplace.name) == (world.person("member"), "Løvåsen sykehjem")
    assert (third.host, third.host_workplace) == (None, None)
    history = HostChange.objects.filter(meeting__in=[first, second, third]).order_by("meeting__starts_at")
    assert [(c.meeting, c.host, c.host_workplace, c.changed_by) for c in history] == [
        (first, aina.person, aina.workplace, world.user("group_leader")),
        (second, mona.person, mona.workplace, world.user("group_leader")),
    ]
    event = AuditEvent.objects.get(action=AuditAction.CREATED, object_type="registry.LocalGroup")
    assert event.actor == world.user("group_leader")
    assert event.changes["created"] == [str(m) for m in (first, second, third)]


def test_the_networks_policy_sets_the_due_dates(world):
    Network.objects.filter(pk=world.network_a.pk).update(
        program_days_before=45, invitation_days_before=21, minutes_days_after=10
    )
    [meeting] = plan(world, [row(FEB_10)], organiser=fresh_group(world))

    assert due_dates(meeting) == {
        Step.PROGRAM: dt.date(2027, 12, 27),
        Step.INVITATION_TO_SECRETARIAT: dt.date(2028, 1, 20),
        Step.INVITATION_SENT: dt.date(2028, 1, 20),
        Step.REGISTRATION_DEADLINE: dt.date(2028, 2, 3),
        Step.MINUTES_TO_SECRETARIAT: dt.date(2028, 2, 20),
        Step.MINUTES_SENT: dt.date(2028, 2, 27),
    }


def test_a_committee_plans_its_meetings_with_their_own_chain(world):
    meetings = plan(world, [row(d) for d in (FEB_10, JUN_8)], organiser=world.committee_a)
    assert [m.title for m in meetings] == ["Møte 1 / 2028 i Driftsgruppen", "Møte 2 / 2028 i Driftsgruppen"]
    assert {m.committee for m in meetings} == {world.committee_a}
    # No program to agree with a group leader: the agenda goes in with the invitation.
    assert due_dates(meetings[0]) == {
        Step.INVITATION_TO_SECRETARIAT: dt.date(2028, 1, 27),
        Step.INVITATION_SENT: dt.date(2028, 1, 27),
        Step.REGISTRATION_DEADLINE: dt.date(2028, 2, 3),
        Step.MINUTES_TO_SECRETARIAT: dt.date(2028, 2, 24),
        Step.MINUTES_SENT: dt.date(2028, 3, 2),
    }


def test_a_host_from_another_group_is_refused_and_nothing_is_planned(world):
    olav = membership_of(world, "other_member")
    with refused("Arrangøren må være medlem av gruppen."):
        plan(world, [row(FEB_10), row(JUN_8, host=olav)])
    assert not Meeting.objects.filter(starts_at__year=2028).exists()


def test_a_meeting_that_ends_before_it_starts_is_refused(world):
    with refused("Et møte må slutte etter at det begynner."):
        plan(world, [row(FEB_10, starts=15, ends=9)])
    with refused("Legg inn minst ett møte."):
        plan(world, [])
    assert not Meeting.objects.filter(starts_at__year=2028).exists()


# The plan's warnings --------------------------------------------------------------------------


def warnings(organiser, rows) -> list[str]:
    return services.plan_warnings(organiser, rows)


def ahus(world: World) -> LocalGroup:
    """Group A1 of a network with Ahus' rule: at least 12 hours of gatherings a year."""
    Network.objects.filter(pk=world.network_a.pk).update(min_gathering_hours_per_year=12)
    return fresh_group(world)


def test_a_plan_by_the_rules_has_no_warnings(world):
    assert warnings(world.group_a1, [row(FEB_10), row(JUN_8), row(OCT_12)]) == []


def test_a_meeting_on_17_may_is_a_public_holiday(world):
    assert warnings(world.group_a1, [row(FEB_10), row(dt.date(2028, 5, 17)), row(OCT_12)]) == [
        "17. mai 2028 er en helligdag (Grunnlovsdag)."
    ]


def test_a_meeting_on_a_saturday_is_on_a_weekend(world):
    assert warnings(world.group_a1, [row(FEB_10), row(JUN_8), row(dt.date(2028, 9, 9))]) == [
        "9. september 2028 er en lørdag."
    ]


def test_fewer_meetings_than_the_policy_asks_for(world):
    assert warnings(world.group_a1, [row(FEB_10), row(OCT_12)]) == [
        "Planen har 2 møter, men nettverket krever 3 i året."
    ]
    Network.objects.filter(pk=world.network_a.pk).update(meetings_per_group_per_year=4)
    assert warnings(fresh_group(world), [row(FEB_10), row(JUN_8), row(OCT_12)]) == [
        "Planen har 3 møter, men nettverket krever 4 i året."
    ]


def test_ahus_warns_when_the_meetings_give_fewer_than_12_hours(world):
    group = ahus(world)
    three_hours = [row(day, starts=9, ends=12) for day in (FEB_10, JUN_8, OCT_12)]
    assert warnings(group, three_hours) == [
        "Møtene gir 9 timer, men nettverket krever minst 12 timer samlinger i året."
    ]
    four_hours = [row(day, starts=9, ends=13) for day in (FEB_10, JUN_8, OCT_12)]
    assert warnings(group, four_hours) == []
    # Hours are written the Norwegian way.
    three_and_a_half = [row(day, starts=9, ends=12.5) for day in (FEB_10, JUN_8, OCT_12)]
    assert warnings(group, three_and_a_half) == [
        "Møtene gir 10,5 timer, men nettverket krever minst 12 timer samlinger i året."
    ]
    # Without Ahus' rule, short meetings are fine.
    assert warnings(world.group_a1, three_hours) == []


def test_every_warning_of_a_plan_is_listed(world):
    group = ahus(world)
    assert warnings(group, [row(dt.date(2028, 5, 17), starts=9, ends=12), row(dt.date(2028, 9, 16))]) == [
        "Planen har 2 møter, men nettverket krever 3 i året.",
        "Møtene gir 9 timer, men nettverket krever minst 12 timer samlinger i året.",
        "17. mai 2028 er en helligdag (Grunnlovsdag).",
        "16. september 2028 er en lørdag.",
    ]


def test_a_committee_is_held_to_its_own_number_of_meetings_and_not_to_the_hours(world):
    ahus(world)
    committee = type(world.committee_a).objects.select_related("network").get(pk=world.committee_a.pk)
    rows = [row(day, starts=9, ends=10) for day in (FEB_10, JUN_8, OCT_12)]
    assert warnings(committee, rows) == ["Planen har 3 møter, men nettverket krever 4 i året."]


# Fair host rotation ---------------------------------------------------------------------------


def hosted(group: LocalGroup, workplace: Workplace, day: dt.date) -> Meeting:
    return f.meeting(group, starts_at=f.at(day, 10), host_workplace=workplace)


def test_the_workplace_that_hosted_least_and_longest_ago_is_suggested_first(world):
    group = f.group(world.network_a, "Fana")
    places = {name: f.workplace(name) for name in ("Fana sykehjem", "Nesttun hjemmetjeneste", "Ytrebygda", "Haukeland")}
    members = {
        name: f.membership(f.person(given, "Nilsen"), group, workplace=places[name])
        for given, name in [
            ("Berit", "Fana sykehjem"),
            ("Cecilie", "Nesttun hjemmetjeneste"),
            ("Dag", "Ytrebygda"),
            ("Elin", "Haukeland"),
        ]
    }
    # A second member at Ytrebygda shares its hosting record.
    anders = f.membership(f.person("Anders", "Nilsen"), group, workplace=places["Ytrebygda"])
    today = f.today()
    hosted(group, places["Fana sykehjem"], today - dt.timedelta(days=700))
    hosted(group, places["Fana sykehjem"], today - dt.timedelta(days=100))
    hosted(group, places["Nesttun hjemmetjeneste"], today - dt.timedelta(days=400))
    hosted(group, places["Ytrebygda"], today - dt.timedelta(days=200))
    # Another group's meetings do not count.
    hosted(world.group_a2, places["Haukeland"], today - dt.timedelta(days=50))

    suggested = services.suggest_hosts(group)
    assert suggested == [
        members["Haukeland"],  # never hosted
        members["Nesttun hjemmetjeneste"],  # once, 400 days ago
        anders,  # Ytrebygda, once, 200 days ago: the two members by name
        members["Ytrebygda"],
        members["Fana sykehjem"],  # twice
    ]


def test_members_on_leave_and_members_who_have_left_are_not_suggested(world):
    group = f.group(world.network_a, "Fana")
    today = f.today()
    at_work = f.membership(f.person("Berit", "Bakke"), group)
    on_leave = f.membership(f.person("Cecilie", "Cruz"), group)
    Leave.objects.create(membership=on_leave, starts_on=today - dt.timedelta(days=10), ends_on=None)
    back = f.membership(f.person("Dag", "Dahl"), group)
    Leave.objects.create(membership=back, starts_on=today - dt.timedelta(days=90), ends_on=today - dt.timedelta(1))
    leave_ahead = f.membership(f.person("Elin", "Eide"), group)
    Leave.objects.create(membership=leave_ahead, starts_on=today + dt.timedelta(days=30))
    f.membership(f.person("Frode", "Fjell"), group, ends_on=today - dt.timedelta(days=1))

    assert services.suggest_hosts(group) == [at_work, back, leave_ahead]
    # On the day the leave starts, Elin is left out too.
    assert services.suggest_hosts(group, on=today + dt.timedelta(days=30)) == [at_work, back]


def test_a_member_on_leave_for_the_whole_planned_year_is_not_suggested_for_it(world):
    group = f.group(world.network_a, "Fana")
    berit = f.membership(f.person("Berit", "Bakke"), group)  # her workplace has hosted
    hosted(group, berit.workplace, f.today() - dt.timedelta(days=100))
    cecilie = f.membership(f.person("Cecilie", "Cruz"), group)  # never hosted, first in turn
    Leave.objects.create(membership=cecilie, starts_on=dt.date(2028, 1, 1), ends_on=dt.date(2028, 12, 31))

    assert services.suggest_hosts(group) == [cecilie, berit]  # today she is at work
    assert services.suggest_hosts(group, FEB_10) == [berit]
    assert services.suggest_hosts(group, dt.date(2029, 1, 10)) == [cecilie, berit]


def test_a_member_who_leaves_before_the_meeting_is_not_suggested_for_it(world):
    group = f.group(world.network_a, "Fana")
    leaving = f.membership(f.person("Dag", "Dahl"), group, ends_on=dt.date(2028, 1, 31))
    staying = f.membership(f.person("Elin", "Eide"), group)
    joining = f.membership(f.person("Frode", "Fjell"), group, starts_on=dt.date(2028, 3, 1))
    assert services.suggest_hosts(group, FEB_10) == [staying]
    assert leaving in services.suggest_hosts(group, dt.date(2028, 1, 20))
    assert services.suggest_hosts(group, JUN_8) == [staying, joining]


# Replacing a host -----------------------------------------------------------------------------


@pytest.fixture
def planned(world) -> Meeting:
    """A1's meeting on 10 February 2028, hosted by Aina from Årstad hjemmetjeneste."""
    [meeting] = plan(world, [row(FEB_10, host=membership_of(world, "host"))])
    return meeting


def history(meeting: Meeting) -> list[tuple]:
    return [(c.host, c.host_workplace, c.reason) for c in HostChange.objects.filter(meeting=meeting)]


def test_another_member_takes_over_as_host(world, planned):
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    services.replace_host(
        planned, host=mona, workplace_only=False, reason="Aina er på kurs", by=world.user("group_leader")
    )

    meeting = reload(planned)
    assert (meeting.host, meeting.host_workplace) == (mona.person, mona.workplace)
    assert meeting.version == 2  # an agenda opened before the change must be looked at again
    assert history(meeting) == [
        (aina.person, aina.workplace, ""),
        (mona.person, mona.workplace, "Aina er på kurs"),
    ]
    assert HostChange.objects.filter(meeting=meeting).last().changed_by == world.user("group_leader")
    event = AuditEvent.objects.get(action=AuditAction.CHANGED, object_type="meetings.Meeting")
    assert event.changes == {"host": "Mona Medlem", "host_workplace": "Løvåsen sykehjem", "reason": "Aina er på kurs"}


def test_the_workplace_alone_takes_over_when_the_host_withdraws(world, planned):
    aina = membership_of(world, "host")
    services.replace_host(planned, host=None, workplace_only=True, reason="Trukket seg", by=world.user("secretariat"))

    meeting = reload(planned)
    assert (meeting.host, meeting.host_workplace) == (None, aina.workplace)
    assert history(meeting) == [(aina.person, aina.workplace, ""), (None, aina.workplace, "Trukket seg")]


def test_a_meeting_without_a_host_workplace_cannot_be_left_to_it(world):
    [meeting] = plan(world, [row(FEB_10)])
    with refused("Møtet har ikke noe arrangørsted som kan overta."):
        services.replace_host(meeting, host=None, workplace_only=True, reason="", by=world.user("group_leader"))
    with refused("Velg en ny arrangør."):
        services.replace_host(meeting, host=None, workplace_only=False, reason="", by=world.user("group_leader"))
    assert history(meeting) == []


def test_a_new_host_is_judged_on_the_meetings_day_not_today(world, planned):
    mona = membership_of(world, "member")
    today = f.today()
    Leave.objects.create(membership=mona, starts_on=today - dt.timedelta(days=5), ends_on=today + dt.timedelta(days=5))
    assert services.host_candidates(planned) == [membership_of(world, "host"), mona]  # back by 10 February

    Leave.objects.filter(membership=mona).update(starts_on=dt.date(2028, 2, 1), ends_on=dt.date(2028, 2, 29))
    assert mona not in services.host_candidates(planned)
    with refused("Mona Medlem har permisjon 10. februar 2028. Velg en annen arrangør."):
        services.replace_host(planned, host=mona, workplace_only=False, reason="", by=world.user("group_leader"))
    assert reload(planned).host == world.person("host")


def test_a_member_of_another_group_cannot_take_over(world, planned):
    with refused("Arrangøren må være medlem av gruppen."):
        services.replace_host(
            planned,
            host=membership_of(world, "other_member"),
            workplace_only=False,
            reason="",
            by=world.user("group_leader"),
        )
    assert reload(planned).host == world.person("host")
    assert len(history(planned)) == 1


# The agenda -----------------------------------------------------------------------------------


def agenda(meeting: Meeting, world: World, *, version: int | None, **fields) -> Meeting:
    values = {"part1": "Erfaringer med ny tiltaksplan", "part2_title": "Smertelindring", "part2": "Foredrag"}
    return services.update_agenda(
        meeting, by=world.user("host"), expected_version=version, topics=[], **{**values, **fields}
    )


def test_the_host_saves_both_parts_of_the_agenda_with_its_topics(world, planned):
    topic = CompetenceTopic.objects.create(network=world.network_a, title="Smertelindring")
    services.update_agenda(
        planned,
        by=world.user("host"),
        expected_version=1,
        topics=[topic],
        part1="Nytt fra driftsgruppen",
        part2_title="Smertelindring i sykehjem",
        part2="Foredrag ved smertesykepleier",
        registration_deadline=dt.date(2028, 2, 1),
    )

    meeting = reload(planned)
    assert (meeting.part1, meeting.part2_title, meeting.version) == (
        "Nytt fra driftsgruppen",
        "Smertelindring i sykehjem",
        2,
    )
    assert list(meeting.topics.all()) == [topic]
    # The host's own registration deadline moves that step of the chain.
    assert due_dates(meeting)[Step.REGISTRATION_DEADLINE] == dt.date(2028, 2, 1)


def test_saving_the_agenda_over_someone_elses_save_is_refused(world, planned):
    agenda(planned, world, version=1, part2_title="Lindrende sedering")
    stale = Meeting.objects.get(pk=planned.pk)
    stale.version = 1  # opened before the save above

    with refused("Noen andre har lagret programmet mens du skrev. Se over og lagre igjen.") as conflict:
        agenda(stale, world, version=1, part2_title="Munnstell")
    assert conflict.value.current_version == 2
    meeting = reload(planned)
    assert (meeting.part2_title, meeting.version) == ("Lindrende sedering", 2)
    # Having seen the other save, the user saves again on purpose.
    agenda(stale, world, version=2, part2_title="Munnstell")
    assert reload(planned).part2_title == "Munnstell"


# Marking a step done --------------------------------------------------------------------------


def test_a_step_is_marked_done_once(world, planned):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        step = services.mark_step_done(planned, Step.PROGRAM, by=world.user("host"))
    assert (step.done_at, step.done_by) == (start, world.user("host"))

    with time_machine.travel(start + dt.timedelta(hours=2)), refused("Steget er allerede markert som utført."):
        services.mark_step_done(planned, Step.PROGRAM, by=world.user("group_leader"))
    step = DeadlineStep.objects.get(meeting=planned, step=Step.PROGRAM)
    assert (step.done_at, step.done_by) == (start, world.user("host"))


def test_the_chain_shows_which_steps_are_done_and_which_are_late(world, planned):
    services.mark_step_done(planned, Step.PROGRAM, by=world.user("host"))
    chain = {s["step"].step: s for s in deadlines.chain_for(planned, today=dt.date(2028, 1, 30))}
    assert chain[Step.PROGRAM]["done_at"] is not None
    assert not chain[Step.PROGRAM]["late"]  # done, though its date has passed
    assert chain[Step.INVITATION_TO_SECRETARIAT]["late"]  # due 27 January
    assert not chain[Step.REGISTRATION_DEADLINE]["late"]  # due 3 February
    assert [s["owner"] for s in chain.values()] == [
        "Arrangør",
        "Arrangør",
        "Sekretariatet",
        "Arrangør",
        "Gruppeleder",
        "Sekretariatet",
    ]


# One plan for each year: planning a year that has meetings changes them -------------------------


def kept(meeting: Meeting, **changes) -> services.PlannedRow:
    """A row of the plan for a meeting already planned, as it is unless changed."""
    values = {
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "host": None,
        "meeting": meeting,
        "keep_host": "host" not in changes,
        "version": meeting.version,
    }
    return services.PlannedRow(**{**values, **changes})


def test_planning_a_year_again_changes_its_meetings_and_numbers_new_ones_on(world):
    aina = membership_of(world, "host")
    first, second = plan(world, [row(FEB_10, host=aina), row(JUN_8)])
    before = due_dates(first)
    was = {"starts_at": first.starts_at.isoformat(), "ends_at": first.ends_at.isoformat(), "place": second.place}

    meetings = plan(
        world,
        [
            kept(first, starts_at=f.at(FEB_10 + dt.timedelta(days=7), 10), ends_at=f.at(FEB_10 + dt.timedelta(7), 14)),
            kept(second, place="Årstad hjemmetjeneste"),
            row(OCT_12),
            row(dt.date(2028, 4, 6)),
        ],
    )

    assert [(m.title, timezone.localdate(m.starts_at)) for m in meetings] == [
        ("Nettverksmøte 1 / 2028", dt.date(2028, 2, 17)),
        ("Nettverksmøte 3 / 2028", dt.date(2028, 4, 6)),
        ("Nettverksmøte 2 / 2028", JUN_8),
        ("Nettverksmøte 4 / 2028", OCT_12),
    ]
    moved = reload(first)
    assert (moved.host, moved.version) == (aina.person, 2)  # the host stays; an open agenda must look again
    assert due_dates(moved) == {step: day + dt.timedelta(days=7) for step, day in before.items()}
    assert reload(second).place == "Årstad hjemmetjeneste"
    assert HostChange.objects.filter(meeting=first).count() == 1
    event = AuditEvent.objects.filter(object_type="registry.LocalGroup").latest("pk")
    assert event.action == AuditAction.CHANGED
    assert event.changes["created"] == [str(m) for m in (meetings[1], meetings[3])]
    assert event.changes["meetings"] == {
        "Nettverksmøte 1 / 2028, 10. februar 2028": {
            "starts_at": [was["starts_at"], f.at(FEB_10 + dt.timedelta(days=7), 10).isoformat()],
            "ends_at": [was["ends_at"], f.at(FEB_10 + dt.timedelta(7), 14).isoformat()],
        },
        "Nettverksmøte 2 / 2028, 8. juni 2028": {"place": [was["place"], "Årstad hjemmetjeneste"]},
    }


def test_a_host_changed_in_the_plan_is_remembered_in_the_meetings_history_of_hosts(world):
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    [meeting] = plan(world, [row(FEB_10, host=aina)])

    plan(world, [kept(meeting, host=mona)])

    assert (reload(meeting).host, reload(meeting).host_workplace) == (mona.person, mona.workplace)
    assert history(meeting) == [(aina.person, aina.workplace, ""), (mona.person, mona.workplace, "Endret i møteplanen")]


def test_a_meeting_taken_out_of_the_plan_is_deleted_and_the_others_keep_their_numbers(world):
    first, second, third = plan(world, [row(FEB_10), row(JUN_8), row(OCT_12)])
    meetings = plan(world, [kept(first), kept(second, remove=True), kept(third), row(dt.date(2028, 11, 16))])
    assert [m.title for m in meetings] == [
        "Nettverksmøte 1 / 2028",
        "Nettverksmøte 3 / 2028",
        "Nettverksmøte 4 / 2028",
    ]
    assert not Meeting.objects.filter(pk=second.pk).exists()


def test_a_meeting_whose_invitation_went_out_or_that_was_held_is_not_changed_in_the_plan(world):
    first, second = plan(world, [row(FEB_10), row(JUN_8)])
    Invitation.objects.create(meeting=first, status=Invitation.Status.SENT, sent_at=f.at(dt.date(2028, 1, 20)))
    Meeting.objects.filter(pk=second.pk).update(attendance_recorded_at=f.at(JUN_8, 15))
    first, second = reload(first), reload(second)

    sent = "Nettverksmøte 1 / 2028: Innkallingen ble sendt ut 20. januar 2028, så møtet endres ikke her."
    with pytest.raises(services.MeetingError, match=f"^{re.escape(sent)}"):
        plan(world, [kept(first, place="Et annet sted"), kept(second)])
    with refused("Nettverksmøte 2 / 2028: Møtet er holdt, og oppmøtet ble registrert 8. juni 2028."):
        plan(world, [kept(first), kept(second, remove=True)])
    assert [m.place for m in (reload(first), reload(second))] == ["Løvåsen sykehjem", "Løvåsen sykehjem"]
    # Left as they are, they stay in the plan while a new meeting is added.
    assert len(plan(world, [kept(first), kept(second), row(OCT_12)])) == 3


def test_a_meeting_changed_by_someone_else_since_the_plan_was_opened_is_not_overwritten(world):
    [meeting] = plan(world, [row(FEB_10)])
    opened = kept(meeting, place="Løvåsen, møterom 2")
    agenda(reload(meeting), world, version=1, place="Årstad, kantina")

    with refused("Noen andre har endret Nettverksmøte 1 / 2028 mens du planla. Se over planen og lagre igjen."):
        plan(world, [opened])
    assert reload(meeting).place == "Årstad, kantina"


def test_every_meeting_of_a_plan_is_in_its_year(world):
    with refused("Alle møtene i planen må være i 2028."):
        services.plan_year(
            world.group_a1, [row(FEB_10), row(dt.date(2029, 1, 11))], year=2028, by=world.user("group_leader")
        )
    assert not Meeting.objects.filter(local_group=world.group_a1, starts_at__year__gte=2028).exists()


def test_the_warning_about_too_few_meetings_counts_those_already_planned(world):
    [meeting] = plan(world, [row(FEB_10)])
    assert warnings(world.group_a1, [kept(meeting)]) == ["Planen har 1 møte, men nettverket krever 3 i året."]
    assert warnings(world.group_a1, [kept(meeting), row(JUN_8)]) == [
        "Planen har 2 møter, men nettverket krever 3 i året."
    ]
    assert warnings(world.group_a1, [kept(meeting), row(JUN_8), row(OCT_12)]) == []


def test_a_meeting_taken_out_is_warned_before_it_is_deleted(world):
    first, second, third = plan(world, [row(FEB_10), row(JUN_8), row(OCT_12)])
    assert warnings(world.group_a1, [kept(first), kept(second, remove=True), kept(third)]) == [
        "Planen har 2 møter, men nettverket krever 3 i året.",
        "Nettverksmøte 2 / 2028 (8. juni 2028) tas ut av planen og slettes.",
    ]


# The rotation in the plan's warnings, each meeting judged on its own date ---------------------


def test_a_host_on_leave_on_the_meetings_day_is_warned_with_a_fair_suggestion(world):
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    Leave.objects.create(membership=aina, starts_on=dt.date(2028, 1, 1), ends_on=dt.date(2028, 3, 31))
    assert warnings(world.group_a1, [row(FEB_10, host=aina), row(JUN_8, host=mona), row(OCT_12, host=aina)]) == [
        "Aina Arrangør har permisjon 10. februar 2028. Forslag: Mona Medlem (Løvåsen sykehjem)."
    ]


def test_a_host_who_has_left_the_group_by_the_meetings_day_is_warned(world):
    mona = membership_of(world, "member")
    Membership.objects.filter(pk=mona.pk).update(ends_on=dt.date(2028, 5, 31))
    assert warnings(world.group_a1, [row(FEB_10), row(JUN_8, host=reload(mona)), row(OCT_12)]) == [
        "Mona Medlem er ikke lenger medlem av gruppen 8. juni 2028. Forslag: Aina Arrangør (Årstad hjemmetjeneste)."
    ]


def test_a_workplace_hosting_twice_before_every_other_has_hosted_once_is_warned(world):
    aina, mona = membership_of(world, "host"), membership_of(world, "member")
    assert warnings(world.group_a1, [row(FEB_10, host=aina), row(JUN_8, host=aina), row(OCT_12, host=mona)]) == [
        "Årstad hjemmetjeneste arrangerer igjen 8. juni 2028 før Løvåsen sykehjem har arrangert. "
        "Forslag: Mona Medlem (Løvåsen sykehjem)."
    ]
    # In turn, each workplace once: nothing to say.
    assert warnings(world.group_a1, [row(FEB_10, host=aina), row(JUN_8, host=mona), row(OCT_12, host=aina)]) == []


# When each open step is next looked at by the periodic job ------------------------------------


def next_notices(meeting: Meeting) -> dict[str, dt.date | None]:
    return dict(DeadlineStep.objects.filter(meeting=meeting).values_list("step", "next_notice_on"))


def test_a_new_chain_is_next_looked_at_on_each_steps_first_reminder(world, planned):
    assert next_notices(planned) == {
        Step.PROGRAM: dt.date(2027, 12, 5),  # a week before 12 December
        Step.INVITATION_TO_SECRETARIAT: dt.date(2028, 1, 20),
        Step.INVITATION_SENT: dt.date(2028, 1, 20),
        Step.REGISTRATION_DEADLINE: dt.date(2028, 1, 27),
        Step.MINUTES_TO_SECRETARIAT: dt.date(2028, 2, 17),
        Step.MINUTES_SENT: dt.date(2028, 2, 24),
    }


def test_a_chain_planned_late_says_nothing_about_days_gone_by_before_it_was_planned(world):
    with time_machine.travel(f.at(dt.date(2027, 12, 15), 12), tick=False):
        [meeting] = plan(world, [row(FEB_10)])
    # The program was due 12 December: the group leader's day (13th) had gone by, the secretariat's has not.
    assert next_notices(meeting)[Step.PROGRAM] == dt.date(2027, 12, 19)
    with time_machine.travel(f.at(dt.date(2027, 12, 20), 12), tick=False):
        meeting, _june = plan(world, [row(JUN_8), kept(reload(meeting))])
    assert next_notices(meeting)[Step.PROGRAM] == dt.date(2027, 12, 19)  # unmoved: still to catch up


def test_moving_a_meeting_moves_the_day_its_steps_are_next_looked_at(world, planned):
    plan(world, [kept(planned, starts_at=f.at(dt.date(2028, 3, 9), 9), ends_at=f.at(dt.date(2028, 3, 9), 15))])
    assert next_notices(planned)[Step.PROGRAM] == dt.date(2028, 1, 2)
    assert next_notices(planned)[Step.MINUTES_SENT] == dt.date(2028, 3, 23)


def test_a_step_marked_done_has_nothing_more_to_say(world, planned):
    services.mark_step_done(planned, Step.PROGRAM, by=world.user("host"))
    assert next_notices(planned)[Step.PROGRAM] is None
    with refused("Dette møtet har ikke det steget."):
        services.mark_step_done(world.committee_meeting, Step.PROGRAM, by=world.user("secretariat"))


def test_a_step_opened_again_is_looked_at_again_from_today(world, planned):
    services.mark_step_done(planned, Step.MINUTES_TO_SECRETARIAT, by=world.user("group_leader"))
    with time_machine.travel(f.at(dt.date(2028, 2, 27), 12), tick=False):  # three days late, sent back
        services.reopen_step(planned, Step.MINUTES_TO_SECRETARIAT)
    step = DeadlineStep.objects.get(meeting=planned, step=Step.MINUTES_TO_SECRETARIAT)
    assert (step.done_at, step.next_notice_on) == (None, dt.date(2028, 3, 2))  # the secretariat's day
