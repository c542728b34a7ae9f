"""Intro courses over time (seed 003): how many active members of a network wait for the intro
course, against the policy's threshold ("ved over 10 nye sykepleiere"); the committee that
holds the courses and the secretariat told once when the number passes it, and the home pages
saying "Introduksjonskurs bør holdes" while it does and no course is planned.

The course itself (invitation, places and waiting list, attendance, certificates) is a
meeting: lindra.meetings."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from lindra.development import rules
from lindra.development.models import IntroCourseNotice
from lindra.mail.services import queue_message
from lindra.meetings.models import Meeting
from lindra.registry.models import Committee, Leave, Membership, Network, Term


@dataclass(frozen=True)
class CourseNeed:
    """One network's intro course on a day: who waits, against the threshold, and the course
    planned, if any."""

    network: Network
    waiting: int
    threshold: int
    next_course: Meeting | None
    holders: list[Committee] = field(default_factory=list)  # the committees that hold the courses

    @property
    def passes(self) -> bool:
        return rules.passes_intro_course_threshold(self.waiting, self.network.policy)

    @property
    def should_hold(self) -> bool:
        """ "Introduksjonskurs bør holdes": the number passes and no course is planned."""
        return self.passes and self.next_course is None

    @property
    def holder(self) -> Committee | None:
        return self.holders[0] if self.holders else None


def waiting_counts(network_ids: Iterable[int], day: dt.date) -> dict[int, int]:
    """How many people of each network wait for the intro course on the day: active members
    that day (started, not ended, not on leave) who had not taken the course by then in any
    membership of the network that touches the day. Those on leave are not counted: the course
    is planned for those who can come, as its invitation leaves them out (they count again the
    day the leave ends); "active", in the registry's words, is neither on leave nor ended.
    One query, counted in the database."""
    current = Membership.objects.current(day)
    on_leave = Leave.objects.filter(membership=OuterRef("pk"), starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    taken = current.filter(network=OuterRef("network"), person=OuterRef("person"), intro_course_completed_on__lte=day)
    return dict(
        current.filter(network__in=list(network_ids))
        .exclude(Exists(on_leave))
        .exclude(Exists(taken))
        .values("network_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
        .values_list("network_id", "n")
    )


def course_needs(networks: Iterable[Network], day: dt.date, now: dt.datetime) -> list[CourseNeed]:
    """Each network's intro course need on the day. Three queries, however many networks and
    members: who waits, the courses ahead, the committees."""
    networks = list(networks)
    ids = [n.pk for n in networks]
    waiting = waiting_counts(ids, day)
    upcoming: dict[int, Meeting] = {}
    for course in Meeting.objects.upcoming(now).filter(network__in=ids, kind=Meeting.Kind.COURSE):
        upcoming.setdefault(course.network_id, course)
    committees: dict[int, list[Committee]] = defaultdict(list)
    for committee in Committee.objects.filter(network__in=ids, closed_on__isnull=True).order_by("name"):
        committees[committee.network_id].append(committee)
    needs = []
    for network in networks:
        kind = rules.course_holder_kind(c.kind for c in committees[network.pk])
        needs.append(
            CourseNeed(
                network=network,
                waiting=waiting.get(network.pk, 0),
                threshold=network.policy.intro_course_waiting_threshold,
                next_course=upcoming.get(network.pk),
                holders=[c for c in committees[network.pk] if c.kind == kind],
            )
        )
    return needs


def course_need(network: Network, day: dt.date | None = None, now: dt.datetime | None = None) -> CourseNeed:
    [need] = course_needs([network], day or timezone.localdate(), now or timezone.now())
    return need


def needs_for(roles, day: dt.date, now: dt.datetime) -> list[CourseNeed]:
    """Where "Introduksjonskurs bør holdes" for this user: the networks they are the
    secretariat of, and those whose courses a committee they sit in holds."""
    committee_networks = set(Committee.objects.filter(pk__in=roles.committees).values_list("network_id", flat=True))
    networks = Network.objects.filter(pk__in=set(roles.secretariat_networks) | committee_networks)
    needs = [need for need in course_needs(networks, day, now) if need.should_hold]
    return [
        need
        for need in needs
        if need.network.pk in roles.secretariat_networks or {c.pk for c in need.holders} & roles.committees
    ]


def new_course_url(committee: Committee) -> str:
    return reverse("meetings:new_event", args=[committee.pk]) + f"?type={Meeting.Kind.COURSE}"


# --- The notice ---------------------------------------------------------------------------------


def tell_when_intro_course_due(now: dt.datetime | None = None) -> int:
    """A periodic job: when more active members of a network wait for the intro course than
    its policy allows and no course is planned, the committee that holds the courses and the
    secretariat are told by e-mail, once; again only after a course has been planned or held
    since. It judges today's numbers, so a job stopped for a while catches up with what is
    true now and sends nothing that was true only meanwhile. Returns how many were told."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    networks = list(Network.objects.all())
    told = 0
    for need in course_needs(networks, day, now):
        if need.should_hold:
            told += _tell(need, now)
    return told


@transaction.atomic
def _tell(need: CourseNeed, now: dt.datetime) -> int:
    network = Network.objects.select_for_update().get(pk=need.network.pk)  # one job tells at a time
    last_notice = IntroCourseNotice.objects.filter(network=network).aggregate(at=Max("sent_at"))["at"]
    last_course = Meeting.objects.filter(network=network, kind=Meeting.Kind.COURSE).aggregate(at=Max("starts_at"))
    if not rules.intro_course_notice_due(
        passes=need.passes,
        course_planned=need.next_course is not None,
        last_notice_at=last_notice,
        last_course_starts_at=last_course["at"],
    ):
        return 0
    notice = IntroCourseNotice.objects.create(network=network, sent_at=now, waiting=need.waiting)
    holder = need.holder
    members = Term.objects.current(timezone.localdate(now)).filter(committee__in=need.holders)
    emails = sorted({e for e in members.values_list("person__email", flat=True) if e})
    queue_message(
        "intro_course_due",
        to=[network.secretariat_email, *[e for e in emails if e.lower() != network.secretariat_email.lower()]],
        context={
            "network": network,
            "waiting": need.waiting,
            "threshold": need.threshold,
            "committee": holder,
            "new_course_url": settings.SITE_URL + new_course_url(holder) if holder else "",
            "network_url": settings.SITE_URL + network.get_absolute_url(),
        },
        network=network,
        dedupe_key=f"intro-course-due:{network.pk}:{notice.pk}",
    )
    return 1
