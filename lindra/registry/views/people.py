from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.core.views_helpers import render_form, run_form
from lindra.registry import queries, services
from lindra.registry.access import (
    get_membership_for_user,
    get_network_for_user,
    get_person_for_user,
    may_change_person,
)
from lindra.registry.forms import (
    AddMemberForm,
    ContactDetailsForm,
    EndMembershipForm,
    MilestoneForm,
    PersonForm,
    PlacementForm,
)
from lindra.registry.models import Change, Leave, Membership, Person


@require_GET
def person(request, pk: int):
    """The member page: details, memberships and the dated history of every change."""
    person = get_person_for_user(request, pk, viewed=True)
    roles = request.roles
    memberships = list(
        person.memberships.select_related("network", "local_group", "workplace", "nearest_leader").prefetch_related(
            Prefetch("leaves", queryset=Leave.objects.order_by("-starts_on"))
        )
    )
    for membership in memberships:
        membership.may_change = roles.runs_network(membership.network_id)
    changes = Change.objects.filter(person=person).select_related(
        "membership__network", "local_group", "workplace", "nearest_leader", "recorded_by__person"
    )
    return render(
        request,
        "registry/person.html",
        {
            "person": person,
            "memberships": memberships,
            "changes": changes,
            "terms": person.terms.select_related("network", "local_group", "committee"),
            "is_self": person.pk == roles.person_id,
            "may_edit": may_change_person(roles, person),
            # A nearest leader sees the member, not the member's group: name it without a link.
            "groups_seen": {m.local_group_id for m in memberships if roles.sees_group(m.local_group_id, m.network_id)},
            "is_leader": person.pk in roles.staff,
            "today": timezone.localdate(),
        },
    )


def person_edit(request, pk: int):
    """The secretariat edits everything; a member corrects their own contact details."""
    person = get_person_for_user(request, pk, change=True)
    form_class = ContactDetailsForm if person.pk == request.roles.person_id else PersonForm
    initial = {name: getattr(person, name) for name in form_class.base_fields if name != "version"}
    form = form_class(request.POST or None, initial={**initial, "version": person.version})

    def save(data):
        values = {k: v for k, v in data.items() if k != "version"}
        return services.update_person(
            person, by=request.user, expected_version=data["version"], request=request, **values
        )

    if run_form(request, form, save):
        messages.success(request, _("Opplysningene er lagret."))
        return redirect(person)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Endre opplysninger om %(name)s") % {"name": person},
        submit=_("Lagre"),
        cancel_url=person.get_absolute_url(),
    )


def add_member(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    form = AddMemberForm(request.POST or None, network=network)

    def add(data):
        return services.register_member(
            network, new_workplace=form.new_workplace, by=request.user, request=request, **data
        )

    membership = run_form(request, form, add)
    if membership:
        leader = membership.nearest_leader
        message = _("%(name)s er lagt til som medlem.") % {"name": membership.person}
        if leader is not None:
            message += " " + _("Nærmeste leder: %(leader)s.") % {"leader": leader}
        messages.success(request, message)
        return redirect(membership.person)
    return render(
        request,
        "registry/add_member.html",
        {
            "network": network,
            "form": form,
            "workplaces": queries.workplace_suggestions(network),
            **_known_by_email(network, form["email"].value(), form["leader_email"].value()),
        },
        status=400 if form.errors or form.new_workplace.errors else 200,
    )


def _known_by_email(network, email: str | None, leader_email: str | None) -> dict:
    """Who the typed addresses belong to in the registry, for the page to say so."""
    typed = [(address or "").strip().lower() for address in (email, leader_email)]
    found = {}
    if any(typed):
        wanted = Q()
        for address in filter(None, typed):
            wanted |= Q(email__iexact=address)
        found = {person.email.lower(): person for person in Person.objects.filter(wanted)}
    person, leader = (found.get(address) if address else None for address in typed)
    today = timezone.localdate()
    current = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    return {
        "known_person": person,
        "known_leader": leader,
        "already_member": person is not None and person.memberships.filter(current, network=network).exists(),
    }


@require_GET
def known_person(request, pk: int):
    """While the secretariat types an address on the add-member form: whose it is. A known
    person's name is filled in (htmx swaps it in beside the status)."""
    network = get_network_for_user(request, pk, change=True)
    if not request.headers.get("HX-Request"):
        return redirect("registry:add_member", network.pk)
    leader = "leader_email" in request.GET
    known = _known_by_email(network, request.GET.get("email"), request.GET.get("leader_email"))
    person = known["known_leader" if leader else "known_person"]
    prefix = "leader_" if leader else ""
    initial = {f"{prefix}given_name": person.given_name, f"{prefix}family_name": person.family_name} if person else {}
    return render(
        request,
        "registry/add_member.html#known_leader" if leader else "registry/add_member.html#known_person",
        {"network": network, "form": AddMemberForm(initial=initial, network=network), **known},
    )


@require_GET
def workplace_options(request, pk: int):
    """The workplaces to offer for what is typed, the network's own first (htmx)."""
    network = get_network_for_user(request, pk, change=True)
    if not request.headers.get("HX-Request"):
        return redirect("registry:add_member", network.pk)
    suggestions = queries.workplace_suggestions(network, request.GET.get("workplace", ""))
    return render(request, "registry/add_member.html#workplace_options", {"workplaces": suggestions})


def _membership_form_page(request, membership: Membership, form, *, title: str, submit: str, intro: str = ""):
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=title,
        intro=intro,
        submit=submit,
        cancel_url=membership.person.get_absolute_url(),
    )


def membership_placement(request, pk: int):
    membership = get_membership_for_user(request, pk, change=True)
    initial = {
        "effective_on": timezone.localdate(),
        "local_group": membership.local_group_id,
        "workplace": membership.workplace_id,
        "leader_email": membership.nearest_leader.email if membership.nearest_leader else "",
        "no_leader": membership.nearest_leader_id is None,
        "version": membership.version,
    }
    form = PlacementForm(request.POST or None, network=membership.network, initial=initial)

    @transaction.atomic  # a new leader is kept only if the move is made
    def save(data):
        leader = None
        if not data["no_leader"]:
            leader = services.find_or_create_leader(
                email=data["leader_email"],
                given_name=data["leader_given_name"],
                family_name=data["leader_family_name"],
                by=request.user,
                request=request,
            )
        return services.change_placement(
            membership,
            effective_on=data["effective_on"],
            local_group=data["local_group"],
            workplace=data["workplace"],
            nearest_leader=leader,
            reason=data["reason"],
            by=request.user,
            expected_version=data["version"],
            request=request,
        )

    if run_form(request, form, save):
        messages.success(request, _("Endringen er lagret i historikken."))
        return redirect(membership.person)
    return _membership_form_page(
        request,
        membership,
        form,
        title=_("Flytt %(name)s eller bytt nærmeste leder") % {"name": membership.person},
        intro=_("Endringen gjelder fra datoen du velger, også bakover eller fram i tid. Historikken beholdes."),
        submit=_("Lagre endringen"),
    )


def membership_end(request, pk: int):
    membership = get_membership_for_user(request, pk, change=True)
    form = EndMembershipForm(
        request.POST or None, initial={"ends_on": timezone.localdate(), "version": membership.version}
    )
    saved = run_form(
        request,
        form,
        lambda data: services.end_membership(
            membership,
            ends_on=data["ends_on"],
            reason=data["reason"],
            by=request.user,
            expected_version=data["version"],
            request=request,
        ),
    )
    if saved:
        messages.success(request, _("Medlemskapet er avsluttet."))
        return redirect(membership.person)
    return _membership_form_page(
        request,
        membership,
        form,
        title=_("Avslutt medlemskapet til %(name)s i %(network)s")
        % {"name": membership.person, "network": membership.network},
        submit=_("Avslutt medlemskapet"),
    )


def membership_milestone(request, pk: int):
    membership = get_membership_for_user(request, pk, change=True)
    form = MilestoneForm(request.POST or None, initial={"on": timezone.localdate()})
    saved = run_form(
        request,
        form,
        lambda data: services.record_milestone(
            membership, kind=data["kind"], on=data["on"], by=request.user, request=request
        ),
    )
    if saved:
        messages.success(request, _("Det er registrert."))
        return redirect(membership.person)
    return _membership_form_page(
        request,
        membership,
        form,
        title=_("Introduksjonskurs eller funksjonsbeskrivelse for %(name)s") % {"name": membership.person},
        submit=_("Registrer"),
    )
