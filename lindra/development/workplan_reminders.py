"""The periodic job that reminds member and nearest leader of a work plan not agreed, or an
evaluation not written, by the network's due dates (seed 004). Each reminder goes once a
year to each (a WorkPlanReminder row is the record); a job stopped over a due date catches
up when it runs again, within the same year; nothing goes for a membership that has ended,
or is on leave, on the day of sending, nor for a past year (lindra.development.rules)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from lindra.development import rules
from lindra.development.models import WorkPlan, WorkPlanReminder, YearlyMeeting
from lindra.development.workplans import link_for, moment, plan_url, yearly_meeting_url
from lindra.mail.services import queue_message
from lindra.registry.models import Leave, Membership, Network

About, Party = WorkPlanReminder.About, WorkPlanReminder.Party


def send_work_plan_reminders() -> int:
    """Queues the reminders whose day has come; returns how many were queued."""
    today = timezone.localdate()
    year = today.year
    networks = list(Network.objects.all())
    past_plan_due = [n for n in networks if today > rules.due_date(year, n.policy.work_plan_due)]
    past_evaluation_due = [n for n in networks if today > rules.due_date(year, n.policy.evaluation_due)]
    if not (past_plan_due or past_evaluation_due):
        return 0
    queued = 0
    with transaction.atomic():
        for membership in _candidates(past_plan_due, past_evaluation_due, today):
            policy = membership.network.policy
            facts = _facts(membership, year)
            for missing in rules.missing_on([facts], today, policy.work_plan_due, policy.evaluation_due):
                for party in missing.parties:
                    queued += _remind(membership, year, missing.about, party, policy)
    return queued


def _sent(about: str, party: str, year: int) -> Exists:
    return Exists(WorkPlanReminder.objects.filter(membership=OuterRef("pk"), year=year, about=about, party=party))


def _candidates(past_plan_due: list[Network], past_evaluation_due: list[Network], today: dt.date):
    """The memberships current today that may still be owed a reminder this year: in a
    network whose due date has passed, and not yet reminded of what could be missing. Once
    all have gone, hardly any is loaded."""
    year = today.year
    plan_of_year = WorkPlan.objects.filter(membership=OuterRef("pk"), year=year)
    agreed = Exists(plan_of_year.filter(status=WorkPlan.Status.AGREED))
    submitted = Exists(plan_of_year.filter(status=WorkPlan.Status.SUBMITTED))
    evaluated = Exists(YearlyMeeting.objects.filter(membership=OuterRef("pk"), year=year, evaluated_at__isnull=False))
    leader_waited_on = submitted & ~_sent(About.PLAN, Party.LEADER, year)
    plan_open = ~agreed & (~_sent(About.PLAN, Party.MEMBER, year) | leader_waited_on)
    evaluation_open = ~evaluated & (
        ~_sent(About.EVALUATION, Party.MEMBER, year) | ~_sent(About.EVALUATION, Party.LEADER, year)
    )
    return (
        Membership.objects.current(today)
        .filter((Q(network__in=past_plan_due) & plan_open) | (Q(network__in=past_evaluation_due) & evaluation_open))
        .select_related("person", "nearest_leader", "network")
        .prefetch_related(
            Prefetch("leaves", queryset=Leave.objects.all()),
            Prefetch("work_plans", queryset=WorkPlan.objects.filter(year=year), to_attr="plans_of_year"),
            Prefetch("yearly_meetings", queryset=YearlyMeeting.objects.filter(year=year), to_attr="meetings_of_year"),
            Prefetch(
                "work_plan_reminders",
                queryset=WorkPlanReminder.objects.filter(year=year),
                to_attr="reminders_of_year",
            ),
        )
    )


def _facts(membership: Membership, year: int) -> rules.PlanFacts:
    plan = next(iter(membership.plans_of_year), None)
    meeting = next(iter(membership.meetings_of_year), None)
    return rules.PlanFacts(
        membership_id=membership.pk,
        starts_on=membership.starts_on,
        ends_on=membership.ends_on,
        leaves=tuple((leave.starts_on, leave.ends_on) for leave in membership.leaves.all()),
        plan_status=plan.status if plan else None,
        evaluated=meeting is not None and meeting.evaluated_at is not None,
        has_leader=membership.nearest_leader_id is not None,
    )


def _remind(membership: Membership, year: int, about: str, party: str, policy) -> int:
    if any(r.about == about and r.party == party for r in membership.reminders_of_year):
        return 0
    person = membership.person if party == Party.MEMBER else membership.nearest_leader
    address = person.email or ""
    if not address:
        return 0  # not recorded: the reminder goes once an address is registered, within the year
    _reminder, created = WorkPlanReminder.objects.get_or_create(
        membership=membership, year=year, about=about, party=party, defaults={"sent_to": address}
    )
    if not created:
        return 0
    plan = next(iter(membership.plans_of_year), None)
    meeting = next(iter(membership.meetings_of_year), None)
    due = policy.work_plan_due if about == About.PLAN else policy.evaluation_due
    context = {
        "person": person,
        "party": party,
        "member": membership.person,
        "leader": membership.nearest_leader,
        "year": year,
        "due_on": rules.due_date(year, due),
        "status": plan.status if plan else "",
        "meeting": meeting,
        "when": moment(meeting.starts_at) if meeting else "",
        "url": settings.SITE_URL
        + (plan_url(membership, year) if about == About.PLAN else yearly_meeting_url(membership, year)),
        "link": link_for(plan, membership.nearest_leader) if plan and party == Party.LEADER else "",
    }
    message = queue_message(
        "work_plan_reminder" if about == About.PLAN else "evaluation_reminder",
        to=[address],
        context=context,
        network=membership.network,
        dedupe_key=f"work-plan:{membership.pk}:{year}:{about}:{party}",
    )
    return message is not None
