"""{% documents_on_network network %}: on the registry's page of a network, the way to its plans
and documents (the registry knows no documents; it asks for this part)."""

from django import template

register = template.Library()


@register.inclusion_tag("annual/document/_on_network.html")
def documents_on_network(network) -> dict:
    return {"network": network}
