"""{% steering_reports_link network %}: on the registry's network page, the way to the reports to
the steering group, for those who read or write them."""

from django import template
from django.utils import timezone

from lindra.annual import steering

register = template.Library()


@register.inclusion_tag("annual/steering/_link.html", takes_context=True)
def steering_reports_link(context, network) -> dict:
    rights = steering.rights_for(context["request"].roles, network, timezone.localdate())
    return {"network": network, "shown": rights.reads_any}
