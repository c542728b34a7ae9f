"""{% intro_course_on_network network %}: on the registry's page of a network, how many active
members wait for the intro course against the policy, the course planned, and "Introduksjonskurs
bør holdes" with a way to plan one (the registry knows no courses; it asks for this part)."""

from django import template

from lindra.development import courses

register = template.Library()


@register.inclusion_tag("development/_intro_course_on_network.html", takes_context=True)
def intro_course_on_network(context, network) -> dict:
    roles = context["request"].roles
    need = courses.course_need(network)
    plans = need.holder is not None and (roles.runs_network(network.pk) or need.holder.pk in roles.committees)
    return {
        "need": need,
        "new_course_url": courses.new_course_url(need.holder) if plans else "",
    }
