"""{% minutes_on_page meeting %}: on a meeting's page, a way to the minutes: for those who
write or review them, always, with their status; for everyone else once they are approved."""

from django import template
from django.utils import timezone

from lindra.meetings.access import rights_for
from lindra.meetings.models import Minutes

register = template.Library()


@register.inclusion_tag("meetings/_minutes_on_page.html", takes_context=True)
def minutes_on_page(context, meeting) -> dict:
    rights = rights_for(context["request"].roles, meeting)
    minutes = Minutes.objects.filter(meeting=meeting).only("status", "approved_at").first()
    approved = minutes is not None and minutes.status == Minutes.Status.APPROVED
    return {
        "meeting": meeting,
        "minutes": minutes,
        "show": rights.writes_minutes or approved,
        "writes": rights.writes_minutes,
        "reviews": rights.reviews_minutes,
        "ended": meeting.ends_at <= timezone.now(),
    }
