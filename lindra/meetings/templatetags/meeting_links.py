"""{{ meeting|meeting_url:request.roles }}: the address a link to a meeting takes this user to,
or nothing, so that no one is shown a link to a page they cannot open."""

from django import template

from lindra.meetings.access import meeting_url_for

register = template.Library()


@register.filter
def meeting_url(meeting, roles) -> str:
    return meeting_url_for(roles, meeting)
