import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.core.spreadsheets import xlsx_response
from lindra.core.views_helpers import render_form, run_form
from lindra.registry import services
from lindra.registry.access import get_group_for_user, get_group_to_manage
from lindra.registry.forms import CloseForm, LocalGroupForm, MergeGroupForm
from lindra.registry.models import Term
from lindra.registry.queries import name_list, name_list_lines


def _day(request) -> dt.date:
    """The date asked for with ?dato=YYYY-MM-DD, or today."""
    try:
        return dt.date.fromisoformat(request.GET.get("dato", ""))
    except ValueError:
        return timezone.localdate()


@require_GET
def group(request, pk: int):
    """The group's name list (seed 000), on today or on a past date. Members see names,
    workplaces and e-mail; those who run the group also see phones and nearest leaders."""
    group = get_group_for_user(request, pk, viewed=True)
    day = _day(request)
    return render(
        request,
        "registry/group.html",
        {
            "group": group,
            "day": day,
            "is_today": day == timezone.localdate(),
            "rows": name_list_lines(group, day),
            "leaders": Term.objects.current(day).filter(local_group=group).select_related("person"),
            "full_details": request.roles.runs_group(group.pk, group.network_id),
            "runs_network": request.roles.runs_network(group.network_id),
        },
    )


@require_GET
def name_list_xlsx(request, pk: int):
    group = get_group_for_user(request, pk, exported=True)
    day = _day(request)
    full = request.roles.runs_group(group.pk, group.network_id)
    headers = [_("Etternavn"), _("Fornavn"), _("Arbeidssted"), _("E-post")]
    if full:
        headers += [_("Telefon"), _("Nærmeste leder"), _("Leders e-post"), _("Permisjon")]

    def rows():
        for row in name_list(group, day):
            line = [row.person.family_name, row.person.given_name, row.workplace, row.person.email or ""]
            if full:
                leader = row.nearest_leader
                line += [
                    row.person.phone,
                    leader or "",
                    leader.email if leader else "",
                    _("Ja") if row.on_leave else "",
                ]
            yield line

    filename = f"navneliste-{group.pk}-{day.isoformat()}.xlsx"
    return xlsx_response(filename, _("Navneliste"), headers, rows())


def group_edit(request, pk: int):
    group = get_group_to_manage(request, pk)
    form = LocalGroupForm(request.POST or None, instance=group)
    if run_form(
        request,
        form,
        lambda data: services.save_form_instance(form, by=request.user, request=request, network=group.network),
    ):
        messages.success(request, _("Lokalgruppen er lagret."))
        return redirect(group)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Endre %(name)s") % {"name": group.name},
        submit=_("Lagre"),
        cancel_url=group.get_absolute_url(),
    )


def group_close(request, pk: int):
    group = get_group_to_manage(request, pk)
    form = CloseForm(request.POST or None, initial={"closed_on": timezone.localdate(), "version": group.version})
    if run_form(
        request,
        form,
        lambda data: services.close_group(
            group, closed_on=data["closed_on"], by=request.user, expected_version=data["version"], request=request
        ),
    ):
        messages.success(request, _("Lokalgruppen %(name)s er avsluttet.") % {"name": group.name})
        return redirect(group.network)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Avslutt %(name)s") % {"name": group.name},
        intro=_("En gruppe kan avsluttes når den ikke har medlemmer. Har den medlemmer, slå den sammen med en annen."),
        submit=_("Avslutt gruppen"),
        cancel_url=group.get_absolute_url(),
    )


def group_merge(request, pk: int):
    group = get_group_to_manage(request, pk)
    form = MergeGroupForm(
        request.POST or None, group=group, initial={"effective_on": timezone.localdate(), "version": group.version}
    )
    moved = run_form(
        request,
        form,
        lambda data: services.merge_groups(
            group,
            data["target"],
            effective_on=data["effective_on"],
            by=request.user,
            expected_version=data["version"],
            request=request,
        ),
    )
    if moved:
        messages.success(
            request,
            _("%(name)s er slått sammen med %(target)s.") % {"name": group.name, "target": form.cleaned_data["target"]},
        )
        return redirect(form.cleaned_data["target"])
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Slå sammen %(name)s med en annen gruppe") % {"name": group.name},
        intro=_(
            "Alle medlemmene flyttes til gruppen du velger fra datoen, og denne gruppen avsluttes. "
            "Historikken beholdes."
        ),
        submit=_("Slå sammen"),
        cancel_url=group.get_absolute_url(),
    )
