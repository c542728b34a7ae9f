"""The annual wheel on other pages, without those apps importing annual:
{% wheel_link network %} or {% wheel_link group %} on the registry's network and group pages,
and {% annual_wheel network year %}: the picture with its list, for the annual report."""

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

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
