"""Each role's home page, and the audit log for the secretariat and the system administrator."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.accounts.models import User
from lindra.core.access import refuse_to_show
from lindra.core.audit import record
from lindra.core.audit_display import describe
from lindra.core.models import AuditAction, AuditEvent
from lindra.home.audit_filter import AuditFilterForm, export
from lindra.home.sections import home_sections


def home(request):
    return render(request, "home/home.html", {"roles": request.roles, **home_sections(request.roles)})


@require_GET
def audit_log(request):
    """The log, filtered by whom it concerns, who acted, when and what; and as a spreadsheet,
    which is itself logged."""
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
    form = AuditFilterForm(request.GET, roles=roles)
    if form.is_valid():
        events = form.filter(events)
        kind = request.GET.get("format")
        if kind in ("xlsx", "csv"):
            asked = {
                key: str(value.pk if hasattr(value, "pk") else value)
                for key, value in form.cleaned_data.items()
                if value
            }
            record(AuditAction.EXPORTED, request=request, target=_("Logg"), changes={"format": kind, **asked})
            return export(events, kind)
    else:
        events = events.none()
    page = Paginator(events, 50).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    query.pop("format", None)
    return render(
        request,
        "home/audit_log.html",
        {"page": page, "entries": describe(page), "form": form, "query": query.urlencode()},
    )
