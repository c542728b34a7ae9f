"""The secretariat erases an ended member's personal data, after typing the name to confirm."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.core.access import refuse_to_change
from lindra.core.views_helpers import render_form, run_form
from lindra.privacy import erasure
from lindra.registry.access import get_person_for_user
from lindra.registry.models import Membership, Person


class EraseForm(forms.Form):
    confirmation = forms.CharField(
        label=gettext_lazy("Skriv personens fulle navn for å bekrefte"),
        max_length=201,
        error_messages={"required": gettext_lazy("Skriv personens fulle navn for å bekrefte.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def may_erase(roles, person: Person) -> bool:
    """The secretariat of a network the person was a member of (and the administrator)."""
    if roles.is_superuser:
        return True
    networks = set(Membership.objects.filter(person=person).values_list("network_id", flat=True))
    return bool(networks & roles.secretariat_networks)


def get_person_to_erase(request, pk: int) -> Person:
    """404 for who may not see the person, 403 for who sees but may not erase."""
    person = get_person_for_user(request, pk)
    if not may_erase(request.roles, person):
        refuse_to_change(request, f"person {pk}")
    return person


def erase(request, pk: int):
    """Says what erasing means, or why it cannot be done yet; erases on POST."""
    person = get_person_to_erase(request, pk)
    refusal = erasure.why_not_erasable(person)
    form = EraseForm(request.POST or None)
    if refusal is None and run_form(
        request,
        form,
        lambda data: erasure.erase_person(person, by=request.user, confirmation=data["confirmation"], request=request),
    ):
        messages.success(request, _("Personopplysningene er slettet. Personen vises nå som «Anonymisert medlem»."))
        return redirect("registry:person", pk=person.pk)
    return render_form(request, "privacy/erase_confirm.html", form, person=person, refusal=refusal)
