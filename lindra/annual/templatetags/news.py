"""{% news_on_network network %}: on the registry's page of a network, the way to its news,
to writing news and to its public page (the registry knows no news; it asks for this part)."""

from django import template

from lindra.annual import news

register = template.Library()


@register.inclusion_tag("annual/news/_on_network.html", takes_context=True)
def news_on_network(context, network) -> dict:
    roles = context["request"].roles
    return {
        "network": network,
        "latest": list(news.with_groups(news.visible_news(news.audience_of_roles(roles)).filter(network=network))[:3]),
        "posts": news.may_post(roles, network),
        "runs": roles.runs_network(network.pk),
    }
