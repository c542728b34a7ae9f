from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.core.views_helpers import render_form, run_form
from lindra.registry import services
from lindra.registry.access import get_workplace_for_user, require_secretariat
from lindra.registry.forms import WorkplaceForm
from lindra.registry.models import Workplace


@require_GET
def workplaces(request):
    require_secretariat(request)
    q = request.GET.get("q", "").strip()
    rows = Workplace.objects.matching(q).select_related("municipality", "organisation").order_by("name")
    page = Paginator(rows, 50).get_page(request.GET.get("side"))
    return render(request, "registry/workplaces.html", {"page": page, "q": q})


def workplace_new(request):
    require_secretariat(request)
    form = WorkplaceForm(request.POST or None)
    if run_form(request, form, lambda data: services.save_workplace(form, by=request.user, request=request)):
        messages.success(request, _("Arbeidsstedet er opprettet."))
        return redirect("registry:workplaces")
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Nytt arbeidssted"),
        submit=_("Opprett"),
        cancel_url=reverse("registry:workplaces"),
    )


def workplace_edit(request, pk: int):
    workplace = get_workplace_for_user(request, pk)
    form = WorkplaceForm(request.POST or None, instance=workplace)
    if run_form(request, form, lambda data: services.save_workplace(form, by=request.user, request=request)):
        messages.success(request, _("Arbeidsstedet er lagret."))
        return redirect("registry:workplaces")
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Endre %(name)s") % {"name": workplace.name},
        submit=_("Lagre"),
        cancel_url=reverse("registry:workplaces"),
    )
