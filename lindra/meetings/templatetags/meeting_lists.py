"""{% upcoming_meetings group %}: a group's next meetings, where the registry's group page
lists them (the registry knows no meetings; the page asks the meetings app for its part)."""

from django import template

from lindra.meetings.models import Meeting

register = template.Library()


@register.inclusion_tag("meetings/_upcoming_meetings.html")
def upcoming_meetings(group) -> dict:
    return {"meetings": Meeting.objects.upcoming().filter(local_group=group)[:5]}
