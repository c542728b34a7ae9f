"""{% deviations_on_network network %}: on the registry's page of a network, how many deviations
are open and where to read them and the year's figures (the registry knows no deviations; it
asks for this part). The secretariat counts all; a committee those sent to the operations group."""

from django import template

from lindra.annual import deviations
from lindra.annual.models import Deviation

register = template.Library()


@register.inclusion_tag("annual/deviation/_on_network.html", takes_context=True)
def deviations_on_network(context, network) -> dict:
    runs = context["request"].roles.runs_network(network.pk)
    listed = deviations.of_network(network, runs=runs)
    return {"network": network, "open": listed.exclude(status=Deviation.Status.CLOSED).count()}
