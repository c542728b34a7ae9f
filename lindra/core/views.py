from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from lindra.accounts.models import User
from lindra.core.access import refuse_to_show
from lindra.core.audit_display import describe
from lindra.core.home import home_sections
from lindra.core.models import AuditAction, AuditEvent


def home(request):
    return render(request, "core/home.html", {"roles": request.roles, **home_sections(request.roles)})


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
        "core/audit_log.html",
        {"page": page, "entries": describe(page), "actions": AuditAction.choices, "action": action},
    )


@login_not_required
def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    # Rendered without the request: whatever failed must not fail again here.
    return HttpResponseServerError(loader.get_template("500.html").render())
