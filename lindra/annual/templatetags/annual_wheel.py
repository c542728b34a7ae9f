"""The annual wheel on other pages, without those apps importing annual:
{% wheel_link network %} or {% wheel_link group %} on the registry's network and group pages,
{% annual_wheel network year %}: the picture with its list, for the annual report; and
{% group_summary_rows wheel %}: the rows of the wheel's table of groups, made in Python (a
network of hundreds of groups has a row for each)."""

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lindra.annual import wheel as wheels
from lindra.registry.models import LocalGroup, Network

register = template.Library()


@register.inclusion_tag("annual/wheel/_link.html", takes_context=True)
def wheel_link(context, place: Network | LocalGroup) -> dict:
    """This year's wheel of the network (for those who see the network) or of the group (for
    those who see the group: its page shows only to them)."""
    roles = context["request"].roles
    year = timezone.localdate().year
    if isinstance(place, Network):
        url = wheels.wheel_url(place, year) if roles.sees_network(place.pk) else ""
    else:
        url = wheels.group_wheel_url(place, year) if roles.sees_group(place.pk, place.network_id) else ""
    return {"url": url, "year": year}


@register.simple_tag(takes_context=True)
def annual_wheel(context, network: Network, year: int) -> SafeString:
    roles = context["request"].roles
    return wheels.render(wheels.network_wheel(network, year, roles, timezone.localdate()))


@register.simple_tag
def group_summary_rows(wheel: wheels.Wheel) -> SafeString:
    """A <tr> per group of a wheel that counts the groups: its name (a link to its own wheel)
    and its meetings done, planned and late."""
    return mark_safe(  # the name is escaped, the rest are whole numbers and a URL of ids
        "".join(
            f'<tr><th scope="row"><a class="ds-link" href="{s.url}">{escape(s.group.name)}</a></th>'
            f"<td>{int(s.done)}</td><td>{int(s.planned)}</td><td>{int(s.late)}</td></tr>"
            for s in wheel.group_summaries
        )
    )
