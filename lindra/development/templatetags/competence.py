"""Competence on other apps' pages, without those apps importing development:
{% competence_of memberships as counts %} and {% competence_on_page membership counts %} on the
member's page in the registry, and
{% report_back_on_page meeting %} on a meeting's page for a member who attended it."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from lindra.development import rules
from lindra.development.competence_access import is_the_member
from lindra.development.models import CompetenceActivity, ReportBack
from lindra.meetings.models import Registration
from lindra.registry.models import Membership

register = template.Library()


@register.simple_tag
def competence_of(memberships) -> dict[int, dict]:
    """The competence counts of every membership on a page, by membership: two queries,
    however many memberships the person has had."""
    counts = {m.pk: {"confirmed": 0, "waiting": 0, "reports": 0} for m in memberships}
    activities = CompetenceActivity.objects.filter(membership__in=list(counts)).values("membership_id")
    for row in activities.annotate(confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)), every=Count("pk")):
        found = counts[row["membership_id"]]
        found["confirmed"], found["waiting"] = row["confirmed"], row["every"] - row["confirmed"]
    reports = ReportBack.objects.filter(membership__in=list(counts)).values("membership_id")
    for row in reports.annotate(n=Count("pk")):
        counts[row["membership_id"]]["reports"] = row["n"]
    return counts


@register.inclusion_tag("development/_competence_on_person.html", takes_context=True)
def competence_on_page(context, membership: Membership, counts: dict[int, dict]) -> dict:
    """Shown to whoever sees the member's page: they see the membership, and so its competence.
    `counts` comes from {% competence_of %} for the page's memberships."""
    return {
        "membership": membership,
        **counts[membership.pk],
        "is_member": is_the_member(context["request"].roles, membership),
    }


@register.inclusion_tag("development/_report_back_on_meeting.html", takes_context=True)
def report_back_on_page(context, meeting) -> dict:
    """For the member who was present at a gathering that is over: report back, or see and
    correct what they recorded."""
    roles = context["request"].roles
    nothing = {"show": False}
    if roles.person_id is None or meeting.kind not in rules.GATHERING_KINDS or meeting.ends_at > timezone.now():
        return nothing
    present = Registration.objects.filter(
        meeting=meeting, person_id=roles.person_id, attendance=Registration.Attendance.PRESENT
    ).exists()
    day = timezone.localdate(meeting.starts_at)
    membership = (
        Membership.objects.current(day).filter(person_id=roles.person_id, network_id=meeting.network_id).first()
    )
    if not present or membership is None:
        return nothing
    return {
        "show": True,
        "meeting": meeting,
        "membership": membership,
        "report": ReportBack.objects.filter(membership=membership, meeting=meeting).first(),
    }
