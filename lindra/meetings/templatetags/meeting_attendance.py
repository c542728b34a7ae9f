"""{% attendance_on_page meeting %}: on a meeting's page, the attendance as the sheet was last
saved, and for the host, the group leader and the secretariat a button to mark it from the start."""

from django import template
from django.utils import timezone

from lindra.meetings.access import rights_for

register = template.Library()


@register.inclusion_tag("meetings/_attendance_on_page.html", takes_context=True)
def attendance_on_page(context, meeting) -> dict:
    request = context["request"]
    started = meeting.starts_at <= timezone.now()
    return {
        "meeting": meeting,
        "may_mark": started and rights_for(request.roles, meeting).marks_attendance,
        "counts": meeting.attendance_counts if meeting.attendance_recorded_at else None,
    }
