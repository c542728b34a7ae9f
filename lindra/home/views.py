"""Each role's home page, and the audit log for the secretariat and the system administrator."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lindra.accounts.models import User
from lindra.core.access import refuse_to_show
from lindra.core.audit_display import describe
from lindra.core.models import AuditAction, AuditEvent
from lindra.home.sections import home_sections


def home(request):
    return render(request, "home/home.html", {"roles": request.roles, **home_sections(request.roles)})


@require_GET
def audit_log(request):
    roles = request.roles
    if not (roles.is_secretariat or roles.is_superuser):
        refuse_to_show(request, "audit log")
    events = AuditEvent.objects.select_related("network")
    if not roles.is_superuser:
        nets = roles.secretariat_networks
        people_in_networks = User.objects.filter(
            Q(person__memberships__network_id__in=nets)
            | Q(person__terms__network_id__in=nets)
            | Q(person__led_memberships__network_id__in=nets)
        ).values("pk")
        # An event that names a network belongs to that network only; one that names none
        # (signing in and out) to the networks of the person who acted.
        events = events.filter(Q(network_id__in=nets) | Q(network__isnull=True, actor_id__in=people_in_networks))
    action = request.GET.get("handling", "")
    if action in AuditAction.values:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("side"))
    return render(
        request,
        "home/audit_log.html",
        {"page": page, "entries": describe(page), "actions": AuditAction.choices, "action": action},
    )
