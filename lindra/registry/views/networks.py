from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.core.views_helpers import render_form, run_form
from lindra.registry import services
from lindra.registry.access import get_committee_for_user, get_network_for_user
from lindra.registry.forms import CommitteeForm, LocalGroupForm, NetworkForm
from lindra.registry.models import ChangeRequest, Committee, LocalGroup


@require_GET
def network(request, pk: int):
    network = get_network_for_user(request, pk)
    today = timezone.localdate()
    current = Q(memberships__starts_on__lte=today) & (
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today)
    )
    groups = network.groups.filter(closed_on__isnull=True).annotate(member_count=Count("memberships", filter=current))
    runs = request.roles.runs_network(network.pk)
    open_requests = (
        ChangeRequest.objects.filter(membership__network=network, status=ChangeRequest.Status.OPEN).count()
        if runs
        else 0
    )
    return render(
        request,
        "registry/network.html",
        {
            "network": network,
            "groups": groups,
            "committees": network.committees.filter(closed_on__isnull=True),
            "runs": runs,
            "open_requests": open_requests,
        },
    )


def network_edit(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    form = NetworkForm(request.POST or None, instance=network)
    if run_form(
        request, form, lambda data: services.save_form_instance(form, by=request.user, request=request, network=network)
    ):
        messages.success(request, _("Nettverket og reglene er lagret."))
        return redirect("registry:network", network.pk)
    return render_form(request, "registry/network_form.html", form, network=network)


def group_new(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    form = LocalGroupForm(request.POST or None, instance=LocalGroup(network=network))
    group = run_form(
        request, form, lambda data: services.save_form_instance(form, by=request.user, request=request, network=network)
    )
    if group:
        messages.success(request, _("Lokalgruppen %(name)s er opprettet.") % {"name": group.name})
        return redirect("registry:group", group.pk)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Ny lokalgruppe i %(network)s") % {"network": network},
        submit=_("Opprett lokalgruppen"),
        cancel_url=network.get_absolute_url(),
    )


def committee_new(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    form = CommitteeForm(request.POST or None, instance=Committee(network=network))
    if run_form(
        request, form, lambda data: services.save_form_instance(form, by=request.user, request=request, network=network)
    ):
        messages.success(request, _("Utvalget er opprettet."))
        return redirect("registry:network", network.pk)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Nytt utvalg i %(network)s") % {"network": network},
        submit=_("Opprett utvalget"),
        cancel_url=network.get_absolute_url(),
    )


def committee_edit(request, pk: int):
    committee = get_committee_for_user(request, pk, change=True)
    form = CommitteeForm(request.POST or None, instance=committee)
    saved = run_form(
        request,
        form,
        lambda data: services.save_form_instance(form, by=request.user, request=request, network=committee.network),
    )
    if saved:
        messages.success(request, _("Utvalget er lagret."))
        return redirect("registry:network", committee.network_id)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Endre %(name)s") % {"name": committee.name},
        submit=_("Lagre"),
        cancel_url=committee.network.get_absolute_url(),
    )
