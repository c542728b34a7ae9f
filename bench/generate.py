"""National-scale data for the benchmarks: SCALE × (5,000 people, 300 local groups,
20 networks) with ten years of history (moves, new leaders, leave, ended memberships);
then ten years of the meeting cycle in every group (generate_meetings), with one more
network of SCALE × 300 groups for the secretariat's overview of the year, and the next
meeting of every group (generate_coming_meetings); and the people of
each role who sign in with a password for the load test (sign_in_accounts)."""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindra.accounts.models import User
from lindra.meetings import rules
from lindra.meetings.models import DeadlineStep, FollowUp, Meeting, Registration
from lindra.registry.models import (
    Change,
    ChangeKind,
    Leave,
    LocalGroup,
    Membership,
    Municipality,
    Network,
    Organisation,
    Person,
    Profession,
    Term,
    Workplace,
)

PASSWORD = "bench-password-2026"
SECRETARY_EMAIL = "sekretariat@bench.example"
# The key of the secretariat's app (hex, as django-otp keeps it): the load test computes its
# codes from it.
TOTP_KEY = "4c696e6472612062656e6368206170702032303236"
NETWORKS = 20
GROUPS = 300
PEOPLE = 5_000
WORKPLACES = 1_500
YEARS = 10


@transaction.atomic
def generate(scale: int, today: dt.date) -> dict:
    rng = random.Random(scale)
    municipalities = list(Municipality.objects.values_list("number", flat=True))
    networks = Network.objects.bulk_create(
        Network(
            name=f"Nettverk {n + 1}", short_name=f"Nett {n + 1}", secretariat_email=f"nettverk{n + 1}@bench.example"
        )
        for n in range(NETWORKS * scale)
    )
    groups = LocalGroup.objects.bulk_create(
        LocalGroup(network=networks[g % len(networks)], name=f"Lokalgruppe {g + 1}") for g in range(GROUPS * scale)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Eier {o + 1}", kind=Organisation.Kind.MUNICIPALITY) for o in range(200)
    )
    workplaces = Workplace.objects.bulk_create(
        Workplace(
            name=f"Arbeidssted {w + 1}",
            kind=rng.choice(Workplace.Kind.values),
            municipality_id=rng.choice(municipalities),
            organisation=organisations[w % len(organisations)],
        )
        for w in range(WORKPLACES * scale)
    )
    leaders = Person.objects.bulk_create(
        Person(given_name="Leder", family_name=f"Nummer {n + 1}", email=f"leder{n + 1}@bench.example")
        for n in range(len(workplaces) // 2)
    )
    people = Person.objects.bulk_create(
        Person(
            given_name=rng.choice(["Kari", "Ola", "Ingrid", "Per", "Silje", "Anne", "Lars", "Marte"]),
            family_name=f"Person{n + 1}",
            email=f"person{n + 1}@bench.example",
            phone=f"9{n:07d}",
            profession=rng.choice([Profession.NURSE, Profession.NURSE, Profession.PHYSIOTHERAPIST]),
        )
        for n in range(PEOPLE * scale)
    )
    start_of_history = today - dt.timedelta(days=365 * YEARS)
    memberships = []
    # Half of everyone is in the first network, so one secretariat has a really long list.
    big_network_groups = [g for g in groups if g.network_id == networks[0].pk]
    for person in people:
        group = rng.choice(big_network_groups if rng.random() < 0.5 else groups)
        starts_on = start_of_history + dt.timedelta(days=rng.randrange(365 * YEARS))
        ended = rng.random() < 0.2
        memberships.append(
            Membership(
                person=person,
                network_id=group.network_id,
                local_group=group,
                workplace=rng.choice(workplaces),
                nearest_leader=rng.choice(leaders),
                starts_on=starts_on,
                ends_on=starts_on + dt.timedelta(days=rng.randrange(30, 2000)) if ended else None,
            )
        )
    memberships = Membership.objects.bulk_create(memberships)
    changes, leaves = [], []
    for m in memberships:
        changes.append(
            _change(m, ChangeKind.JOINED, m.starts_on, m.local_group_id, m.workplace_id, m.nearest_leader_id)
        )
        last = m.ends_on or today
        for _move in range(rng.randrange(4)):
            day = m.starts_on + dt.timedelta(days=rng.randrange(max(1, (last - m.starts_on).days)))
            leader = rng.choice(leaders)
            changes.append(_change(m, ChangeKind.NEAREST_LEADER, day, None, None, leader.pk))
            m.nearest_leader_id = leader.pk
        if rng.random() < 0.1:
            day = m.starts_on + dt.timedelta(days=rng.randrange(max(1, (last - m.starts_on).days)))
            leaves.append(Leave(membership=m, starts_on=day, ends_on=day + dt.timedelta(days=rng.randrange(30, 300))))
    Change.objects.bulk_create(changes, batch_size=2000)
    Leave.objects.bulk_create(leaves, batch_size=2000)
    # The current leader is the last one in the history.
    latest = {}
    for c in sorted(changes, key=lambda c: c.effective_on):
        if c.nearest_leader_id:
            latest[c.membership_id] = c.nearest_leader_id
    for m in memberships:
        m.nearest_leader_id = latest[m.pk]
    Membership.objects.bulk_update(memberships, ["nearest_leader"], batch_size=2000)
    secretary = Person.objects.create(given_name="Sekretær", family_name="Benk", email=SECRETARY_EMAIL)
    secretary.user = User.objects.create_user(SECRETARY_EMAIL, PASSWORD)
    secretary.save()
    Term.objects.bulk_create(
        Term(person=secretary, kind=Term.Kind.SECRETARIAT, network=n, starts_on=start_of_history) for n in networks
    )
    return {
        "networks": len(networks),
        "local_groups": len(groups),
        "people": len(people) + len(leaders),
        "memberships": len(memberships),
        "history_rows": len(changes),
        "leaves": len(leaves),
    }


def _change(membership, kind, day, group, workplace, leader) -> Change:
    return Change(
        person_id=membership.person_id,
        membership=membership,
        kind=kind,
        effective_on=day,
        local_group_id=group,
        workplace_id=workplace,
        nearest_leader_id=leader,
    )


# --- Ten years of the meeting cycle --------------------------------------------------------------

NATIONAL_NETWORK = "Nasjonalt nettverk, 300 grupper"
NATIONAL_MEMBERS_PER_GROUP = 10
MEETING_MONTHS = ((2, 3), (5, 6), (9, 11))  # three meetings a year: spring, early summer, autumn


@transaction.atomic
def generate_meetings(scale: int, today: dt.date) -> dict:
    """Ten calendar years of group meetings, three a year in every group, with their deadline
    chains, the members' registrations and attendance marks, and the follow-ups of absence.
    One more network (Ahus rules: at least 12 hours a year) holds SCALE × 300 groups."""
    rng = random.Random(scale + 1)
    national = _national_network(scale, today, rng)
    groups = list(LocalGroup.objects.select_related("network"))
    members: dict[int, list[tuple]] = {}
    for m in Membership.objects.values_list("local_group_id", "person_id", "workplace_id", "starts_on", "ends_on"):
        members.setdefault(m[0], []).append(m[1:])
    leaves: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for person_id, starts_on, ends_on in Leave.objects.values_list("membership__person_id", "starts_on", "ends_on"):
        leaves.setdefault(person_id, []).append((starts_on, ends_on))
    # Some members are often away: they are the ones who get followed up.
    often_away = {p for g in members.values() for p, *_rest in g if rng.random() < 0.06}
    now = timezone.now()
    first_year = today.year - YEARS + 1
    meetings = []
    for group in groups:
        policy = group.network.policy
        for year in range(first_year, today.year + 1):
            for first_month, last_month in MEETING_MONTHS:
                day = dt.date(year, rng.randint(first_month, last_month), rng.randint(1, 28))
                starts_at = timezone.make_aware(dt.datetime(year, day.month, day.day, rng.choice([9, 10, 12])))
                ends_at = starts_at + dt.timedelta(hours=rng.choice([3, 4, 4, 5]))
                present = [m for m in members.get(group.pk, []) if m[2] <= day and (m[3] is None or day <= m[3])]
                host = rng.choice(present) if present else None
                meeting = Meeting(
                    network_id=group.network_id,
                    local_group=group,
                    title=f"Nettverksmøte {day:%d.%m.%Y}",
                    starts_at=starts_at,
                    ends_at=ends_at,
                    place="Møterom 1",
                    host_id=host[0] if host else None,
                    host_workplace_id=host[1] if host else None,
                    attendance_recorded_at=(
                        ends_at + dt.timedelta(hours=rng.randint(1, 72))
                        if ends_at < now and rng.random() < 0.95
                        else None
                    ),
                )
                meetings.append((meeting, policy, present))
    Meeting.objects.bulk_create([m for m, _policy, _present in meetings], batch_size=2000)

    steps, registrations, absences = [], [], {}
    for meeting, policy, present in meetings:
        starts_on, ends_on = timezone.localdate(meeting.starts_at), timezone.localdate(meeting.ends_at)
        for step, due_on in rules.deadline_chain(starts_on, ends_on, policy).items():
            steps.append(DeadlineStep(meeting=meeting, step=step, due_on=due_on, done_at=_done_at(due_on, today, rng)))
        held = meeting.attendance_recorded_at is not None
        for person_id, _workplace, _starts, _ends in present:
            attendance = ""
            if held:
                on_leave = any(s <= starts_on and (e is None or starts_on <= e) for s, e in leaves.get(person_id, []))
                away = 0.5 if person_id in often_away else 0.15
                roll = rng.random()
                if on_leave or roll < away * 0.65:
                    attendance = Registration.Attendance.NOTICE
                elif roll < away:
                    attendance = Registration.Attendance.ABSENT
                else:
                    attendance = Registration.Attendance.PRESENT
                if attendance != Registration.Attendance.PRESENT and not on_leave:
                    key = (meeting.network_id, person_id, starts_on.year)
                    absences[key] = (absences.get(key, (0, None))[0] + 1, meeting.local_group_id)
            if held:
                notice = attendance == Registration.Attendance.NOTICE
                answer = Registration.Answer.ABSENT if notice else Registration.Answer.REGISTERED
            else:
                answer = rng.choice([Registration.Answer.NONE, Registration.Answer.REGISTERED])
            registrations.append(
                Registration(
                    meeting=meeting,
                    kind=Registration.Kind.MEMBER,
                    person_id=person_id,
                    answer=answer,
                    attendance=attendance,
                )
            )
    DeadlineStep.objects.bulk_create(steps, batch_size=5000)
    Registration.objects.bulk_create(registrations, batch_size=5000)
    allowed = {n.pk: n.absences_before_follow_up for n in Network.objects.all()}
    follow_ups = FollowUp.objects.bulk_create(
        (
            FollowUp(
                network_id=network_id,
                person_id=person_id,
                local_group_id=group_id,
                year=year,
                absences=n,
                opened_at=timezone.make_aware(dt.datetime(year, 12, 1)),
                closed_at=timezone.make_aware(dt.datetime(year + 1, 2, 1))
                if year < today.year and rng.random() < 0.9
                else None,
            )
            for (network_id, person_id, year), (n, group_id) in absences.items()
            if n > allowed[network_id]
        ),
        batch_size=5000,
    )
    return {
        "national_network_groups": LocalGroup.objects.filter(network=national).count(),
        "meetings": len(meetings),
        "deadline_steps": len(steps),
        "registrations": len(registrations),
        "follow_ups": len(follow_ups),
    }


@transaction.atomic
def generate_coming_meetings(today: dt.date) -> int:
    """The next meeting of every group, three to eight weeks ahead (whatever the time of the
    year: the ten years may have ended with this year's last), with a host among its members,
    its deadline chain and its members called to it, some registered."""
    rng = random.Random(today.toordinal())
    members: dict[int, list[tuple[int, int]]] = {}
    for group_id, person_id, workplace_id in Membership.objects.current(today).values_list(
        "local_group_id", "person_id", "workplace_id"
    ):
        members.setdefault(group_id, []).append((person_id, workplace_id))
    meetings = []
    for group in LocalGroup.objects.select_related("network").order_by("pk"):
        day = today + dt.timedelta(days=rng.randint(21, 56))
        starts_at = timezone.make_aware(dt.datetime(day.year, day.month, day.day, rng.choice([9, 10, 12])))
        host = rng.choice(members[group.pk]) if members.get(group.pk) else (None, None)
        meetings.append(
            Meeting(
                network_id=group.network_id,
                local_group=group,
                title=f"Nettverksmøte {day:%d.%m.%Y}",
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=4),
                place="Møterom 1",
                host_id=host[0],
                host_workplace_id=host[1],
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    policies = {n.pk: n.policy for n in Network.objects.all()}
    DeadlineStep.objects.bulk_create(
        (
            DeadlineStep(meeting=m, step=step, due_on=due_on, done_at=_done_at(due_on, today, rng))
            for m in meetings
            for step, due_on in rules.deadline_chain(
                timezone.localdate(m.starts_at), timezone.localdate(m.ends_at), policies[m.network_id]
            ).items()
        ),
        batch_size=5000,
    )
    Registration.objects.bulk_create(
        (
            Registration(
                meeting=m,
                kind=Registration.Kind.MEMBER,
                person_id=person_id,
                answer=rng.choice([Registration.Answer.NONE, Registration.Answer.REGISTERED]),
            )
            for m in meetings
            for person_id, _workplace in members.get(m.local_group_id, [])
        ),
        batch_size=5000,
    )
    return len(meetings)


def _done_at(due_on: dt.date, today: dt.date, rng: random.Random) -> dt.datetime | None:
    """Most steps are done by their due date, some late, a few never; none in the future."""
    roll = rng.random()
    if roll < 0.8:
        day = due_on - dt.timedelta(days=rng.randrange(0, 6))
    elif roll < 0.95:
        day = due_on + dt.timedelta(days=rng.randrange(1, 11))
    else:
        return None
    if day >= today:
        return None
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, rng.randint(8, 15)))


def _national_network(scale: int, today: dt.date, rng: random.Random) -> Network:
    """A network of SCALE × 300 groups of ten members each, for the overview of the year."""
    network = Network.objects.create(
        name=NATIONAL_NETWORK,
        short_name="Nasjonalt",
        secretariat_email="nasjonalt@bench.example",
        min_gathering_hours_per_year=12,
    )
    groups = LocalGroup.objects.bulk_create(
        LocalGroup(network=network, name=f"Gruppe {g + 1:04d}") for g in range(GROUPS * scale)
    )
    workplaces = list(Workplace.objects.values_list("pk", flat=True))
    leaders = list(Person.objects.filter(given_name="Leder").values_list("pk", flat=True))
    people = Person.objects.bulk_create(
        (
            Person(
                given_name=rng.choice(["Kari", "Ola", "Ingrid", "Per", "Silje", "Anne", "Lars", "Marte"]),
                family_name=f"Nasjonal{n + 1}",
                email=f"nasjonal{n + 1}@bench.example",
                profession=Profession.NURSE,
            )
            for n in range(len(groups) * NATIONAL_MEMBERS_PER_GROUP)
        ),
        batch_size=2000,
    )
    start_of_history = today - dt.timedelta(days=365 * YEARS)
    memberships = []
    for n, person in enumerate(people):
        starts_on = start_of_history + dt.timedelta(days=rng.randrange(365 * 2))
        memberships.append(
            Membership(
                person=person,
                network=network,
                local_group=groups[n // NATIONAL_MEMBERS_PER_GROUP],
                workplace_id=rng.choice(workplaces),
                nearest_leader_id=rng.choice(leaders),
                starts_on=starts_on,
                ends_on=starts_on + dt.timedelta(days=rng.randrange(400, 3000)) if rng.random() < 0.1 else None,
            )
        )
    memberships = Membership.objects.bulk_create(memberships, batch_size=2000)
    Change.objects.bulk_create(
        (
            _change(m, ChangeKind.JOINED, m.starts_on, m.local_group_id, m.workplace_id, m.nearest_leader_id)
            for m in memberships
        ),
        batch_size=2000,
    )
    secretary = Person.objects.get(email=SECRETARY_EMAIL)
    Term.objects.create(person=secretary, kind=Term.Kind.SECRETARIAT, network=network, starts_on=start_of_history)
    return network


# --- People who sign in --------------------------------------------------------------------------

SECRETARIAT = "secretariat"
GROUP_LEADER = "group_leader"
HOST = "host"
NEAREST_LEADER = "nearest_leader"
MEMBER = "member"
ROLES = (SECRETARIAT, GROUP_LEADER, HOST, NEAREST_LEADER, MEMBER)


@transaction.atomic
def sign_in_accounts(counts: dict[str, int], today: dt.date) -> dict[str, list[Person]]:
    """counts[role] different people of each role who sign in with PASSWORD, the same ones
    every time (made when missing): the secretariat of every network (SECRETARY_EMAIL and more
    like it, each with an app whose key is TOTP_KEY, as the secretariat must have), the leaders
    of the first groups (made leaders here), hosts of coming meetings, nearest leaders with
    staff today, and members."""
    now = timezone.now()
    chosen: dict[str, list[Person]] = {role: [] for role in ROLES}
    taken: set[int] = set()

    def take(role: str, person: Person) -> None:
        chosen[role].append(person)
        taken.add(person.pk)

    secretary = Person.objects.get(email=SECRETARY_EMAIL)
    terms = list(Term.objects.filter(person=secretary, kind=Term.Kind.SECRETARIAT))
    for n in range(counts.get(SECRETARIAT, 0)):
        email = SECRETARY_EMAIL if n == 0 else f"sekretariat{n + 1}@bench.example"
        person, created = Person.objects.get_or_create(
            email=email, defaults={"given_name": "Sekretær", "family_name": f"Benk {n + 1}"}
        )
        if created:
            Term.objects.bulk_create(
                Term(person=person, kind=Term.Kind.SECRETARIAT, network_id=t.network_id, starts_on=t.starts_on)
                for t in terms
            )
        take(SECRETARIAT, person)

    current = Membership.objects.current(today)
    for group in LocalGroup.objects.order_by("pk")[: counts.get(GROUP_LEADER, 0)]:
        take(GROUP_LEADER, group_leader(group, today, not_among=taken).person)

    for meeting in Meeting.objects.filter(starts_at__gte=now, host__isnull=False).order_by("starts_at", "pk"):
        if len(chosen[HOST]) == counts.get(HOST, 0):
            break
        if meeting.host_id not in taken and current.filter(person_id=meeting.host_id).exists():
            take(HOST, meeting.host)

    leaders = Person.objects.filter(pk__in=current.values("nearest_leader")).exclude(pk__in=taken).order_by("pk")
    for leader in leaders[: counts.get(NEAREST_LEADER, 0)]:
        take(NEAREST_LEADER, leader)

    members = Person.objects.filter(pk__in=current.values("person")).exclude(pk__in=taken).order_by("pk")
    for member in members[: counts.get(MEMBER, 0)]:
        take(MEMBER, member)

    password = make_password(PASSWORD)  # hashed once: the same hash serves everyone
    everyone = [p for people in chosen.values() for p in people]
    for person in everyone:
        if person.user_id is None:
            person.user = User.objects.create(email=person.email, password=password)
            person.save(update_fields=["user"])
    User.objects.filter(person__in=everyone).exclude(password=password).update(password=password)
    for person in chosen[SECRETARIAT]:
        TOTPDevice.objects.get_or_create(
            user_id=person.user_id, name="benk", defaults={"key": TOTP_KEY, "confirmed": True}
        )
    return chosen


def group_leader(group: LocalGroup, today: dt.date, *, not_among=()) -> Term:
    """The group's leader's term today: when the group has none, its longest-standing member
    (not one of not_among) is made leader, from a year ago."""
    term = Term.objects.current(today).filter(kind=Term.Kind.GROUP_LEADER, local_group=group).first()
    if term is None:
        member = (
            Membership.objects.current(today)
            .filter(local_group=group)
            .exclude(person__in=not_among)
            .order_by("starts_on", "pk")
            .first()
        )
        term = Term.objects.create(
            person_id=member.person_id,
            kind=Term.Kind.GROUP_LEADER,
            network_id=group.network_id,
            local_group=group,
            starts_on=today - dt.timedelta(days=365),
        )
    return term
