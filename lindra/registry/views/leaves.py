"""A member's leave: registered, ended, corrected or removed by the network's secretariat."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.core.views_helpers import render_form, run_form
from lindra.registry import services
from lindra.registry.access import get_leave_for_user, get_membership_for_user
from lindra.registry.forms import EndLeaveForm, LeaveForm, RemoveLeaveForm


def _arguments(data: dict) -> dict:
    """A leave form's values as the service's arguments: the version the form was opened at
    is the one the service expects."""
    arguments = dict(data)
    arguments["expected_version"] = arguments.pop("version")
    return arguments


def _save_or_show(request, form, save, *, person, success: str, template: str = "core/form_page.html", **context):
    if run_form(request, form, save):
        messages.success(request, success)
        return redirect(person)
    return render_form(request, template, form, person=person, cancel_url=person.get_absolute_url(), **context)


def membership_leave(request, pk: int):
    membership = get_membership_for_user(request, pk, change=True)
    form = LeaveForm(request.POST or None, initial={"starts_on": timezone.localdate(), "version": membership.version})
    intro = _("Medlemmer i permisjon blir ikke kalt inn til møtene og regnes ikke som fraværende.")
    registered = [leave.period for leave in membership.leaves.all()]
    if registered:
        intro += " " + _("Registrerte permisjoner: %(periods)s.") % {"periods": "; ".join(registered)}
    return _save_or_show(
        request,
        form,
        lambda data: services.put_on_leave(membership, by=request.user, request=request, **_arguments(data)),
        person=membership.person,
        success=_("Permisjonen er registrert."),
        title=_("Permisjon for %(name)s") % {"name": membership.person},
        intro=intro,
        submit=_("Registrer permisjon"),
    )


def leave_end(request, pk: int):
    leave = get_leave_for_user(request, pk, change=True)
    initial = {"ends_on": max(timezone.localdate(), leave.starts_on), "version": leave.membership.version}
    return _save_or_show(
        request,
        EndLeaveForm(request.POST or None, initial=initial),
        lambda data: services.end_leave(leave, by=request.user, request=request, **_arguments(data)),
        person=leave.membership.person,
        success=_("Permisjonen er avsluttet."),
        title=_("Avslutt permisjonen til %(name)s") % {"name": leave.membership.person},
        intro=_("Permisjonen: %(period)s.") % {"period": leave.period},
        submit=_("Avslutt permisjonen"),
    )


def leave_change(request, pk: int):
    leave = get_leave_for_user(request, pk, change=True)
    initial = {"starts_on": leave.starts_on, "ends_on": leave.ends_on, "version": leave.membership.version}
    intro = _("Registrert nå: %(period)s. Historikken viser datoene både før og etter rettingen.") % {
        "period": leave.period
    }
    if not leave.is_over:
        intro += " " + _("Kommer medlemmet tilbake tidligere enn planlagt, bruk «Avslutt» i stedet.")
    return _save_or_show(
        request,
        LeaveForm(request.POST or None, initial=initial),
        lambda data: services.change_leave(leave, by=request.user, request=request, **_arguments(data)),
        person=leave.membership.person,
        success=_("Datoene for permisjonen er rettet."),
        title=_("Rett datoene for permisjonen til %(name)s") % {"name": leave.membership.person},
        intro=intro,
        submit=_("Lagre datoene"),
    )


def leave_remove(request, pk: int):
    """Asks first, saying what removing means; removes on POST."""
    leave = get_leave_for_user(request, pk, change=True)
    period = leave.period
    return _save_or_show(
        request,
        RemoveLeaveForm(request.POST or None, initial={"version": leave.membership.version}),
        lambda data: services.remove_leave(leave, by=request.user, request=request, **_arguments(data)),
        person=leave.membership.person,
        success=_("Permisjonen %(period)s er fjernet.") % {"period": period},
        template="registry/leave_remove.html",
        leave=leave,
    )
