"""{% leader_term_notice group %}: on the registry's group page, that a new leader must be
chosen while the leader's term is within its notice period, or who has been chosen to follow
(the registry knows no choices; the page asks this app for its part)."""

from django import template
from django.db.models import Q
from django.utils import timezone

from lindra.development import terms
from lindra.registry.models import Term

register = template.Library()


@register.inclusion_tag("development/_leader_term_notice.html", takes_context=True)
def leader_term_notice(context, group) -> dict:
    today = timezone.localdate()
    roles = context["request"].roles
    return {
        "ending": terms.ending_terms(today, Q(local_group=group), networks=[group.network_id]),
        "chosen": Term.objects.filter(kind=Term.Kind.GROUP_LEADER, local_group=group, starts_on__gt=today)
        .select_related("person")
        .order_by("starts_on"),
        "may_record": roles.runs_group(group.pk, group.network_id),
    }
