from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.core.views_helpers import next_path, render_form, run_form
from lindra.registry import rules, services
from lindra.registry.access import get_committee_for_user, get_group_to_manage, get_network_for_user
from lindra.registry.forms import AppointByEmailForm, AppointGroupLeaderForm
from lindra.registry.models import Person, Term


def appoint_group_leader(request, pk: int):
    group = get_group_to_manage(request, pk)
    today = timezone.localdate()
    initial = {
        "starts_on": today,
        "ends_on": rules.term_end(today, group.network.leader_term_years),
        "version": group.version,
    }
    form = AppointGroupLeaderForm(request.POST or None, group=group, initial=initial)
    saved = run_form(
        request,
        form,
        lambda data: services.appoint_group_leader(
            group,
            expected_version=data["version"],
            person=data["person"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            end_current=data["end_current"],
            by=request.user,
            request=request,
        ),
    )
    if saved:
        messages.success(request, _("%(name)s er gruppeleder.") % {"name": form.cleaned_data["person"]})
        return redirect(group)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Ny gruppeleder for %(name)s") % {"name": group.name},
        intro=_("Gruppelederen velges for %(years)s år om gangen.") % {"years": group.network.leader_term_years},
        submit=_("Lagre"),
        cancel_url=group.get_absolute_url(),
    )


def _appoint_by_email(request, *, kind, network, committee=None):
    form = AppointByEmailForm(request.POST or None, initial={"starts_on": timezone.localdate()})

    def appoint(data):
        person = Person.objects.filter(email=data["email"].lower()).first() or services.create_person(
            by=request.user,
            request=request,
            given_name=data["given_name"],
            family_name=data["family_name"],
            email=data["email"],
        )
        return services.appoint(
            kind=kind,
            person=person,
            network=network,
            committee=committee,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            by=request.user,
            request=request,
        )

    return form, run_form(request, form, appoint)


def committee(request, pk: int):
    """A committee's members over time; the secretariat adds and ends memberships."""
    committee = get_committee_for_user(request, pk)
    runs = request.roles.runs_network(committee.network_id)
    form, saved = (None, None)
    if runs:
        form, saved = _appoint_by_email(
            request, kind=Term.Kind.COMMITTEE_MEMBER, network=committee.network, committee=committee
        )
    elif request.method == "POST":
        refuse_to_change(request, f"committee {pk}", committee.network)
    if saved:
        messages.success(request, _("%(name)s er lagt til i utvalget.") % {"name": saved.person})
        return redirect("registry:committee", committee.pk)
    terms = committee.terms.select_related("person", "seat_of__local_group").order_by("-ends_on", "person__family_name")
    plans = runs or committee.pk in request.roles.committees
    return render(
        request,
        "registry/terms.html",
        {
            "title": committee.name,
            "subject": committee,
            "network": committee.network,
            "terms": terms,
            "form": form,
            "today": timezone.localdate(),
            "add_title": _("Legg til medlem i utvalget"),
            "plan_url": reverse("meetings:plan_committee", args=[committee.pk]) if plans else "",
            "event_url": reverse("meetings:new_event", args=[committee.pk]) if plans else "",
            "meetings": committee.meetings.upcoming(),
        },
        status=400 if form is not None and form.errors else 200,
    )


def secretariat(request, pk: int):
    """Who is the network's secretariat, over time."""
    network = get_network_for_user(request, pk, change=True)
    form, saved = _appoint_by_email(request, kind=Term.Kind.SECRETARIAT, network=network)
    if saved:
        messages.success(request, _("%(name)s er lagt til i sekretariatet.") % {"name": saved.person})
        return redirect("registry:secretariat", network.pk)
    terms = network.terms.filter(kind=Term.Kind.SECRETARIAT).select_related("person")
    return render(
        request,
        "registry/terms.html",
        {
            "title": _("Sekretariatet i %(name)s") % {"name": network},
            "subject": network,
            "network": network,
            "terms": terms,
            "form": form,
            "today": timezone.localdate(),
            "add_title": _("Legg til i sekretariatet"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def end_term(request, pk: int):
    term = get_object_or_404(Term.objects.select_related("network", "person"), pk=pk)
    if not request.roles.sees_network(term.network_id):
        refuse_to_show(request, f"term {pk}")
    if not request.roles.runs_network(term.network_id):
        refuse_to_change(request, f"term {pk}", term.network)
    try:
        services.end_term(term, ends_on=timezone.localdate(), by=request.user, request=request)
    except services.RegistryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s sin rolle er avsluttet i dag.") % {"name": term.person})
    return redirect(next_path(request, term.network.get_absolute_url()))
