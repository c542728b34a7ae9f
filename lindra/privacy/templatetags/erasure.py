"""Erasure on the registry's person page, without the registry importing privacy:
{% erasure_on_person_page person %} shows the secretariat the button, or why not yet."""

from django import template

from lindra.privacy import erasure
from lindra.privacy.erasure_views import may_erase
from lindra.privacy.models import Anonymisation

register = template.Library()


@register.inclusion_tag("privacy/_erase_on_person.html", takes_context=True)
def erasure_on_person_page(context, person) -> dict:
    roles = context["request"].roles
    if not may_erase(roles, person):
        return {"shown": False}
    anonymised = Anonymisation.objects.filter(person=person).first()
    return {
        "shown": True,
        "person": person,
        "anonymised": anonymised,
        "refusal": None if anonymised else erasure.why_not_erasable(person),
    }


@register.filter
def is_anonymised(person) -> bool:
    """Whether the person's data was taken out: by the name it was given, with no query, so
    that a list of many can show the name without a link."""
    return (
        person is not None
        and person.given_name == erasure.ANONYMOUS_GIVEN_NAME
        and person.family_name == erasure.ANONYMOUS_FAMILY_NAME
        and not person.email
    )
