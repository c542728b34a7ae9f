"""Onboarding's pages: the welcome letter template, the function descriptions, the new members
and what they miss, the printable letter, and accepting the function description (signed in,
or by the signed link in the letter). Thin: find, check, call lindra.development.onboarding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.core.views_helpers import render_form, run_form
from lindra.development import onboarding
from lindra.development.models import Acceptance
from lindra.development.onboarding_access import get_description_for_user, get_group_onboarding
from lindra.development.onboarding_forms import FunctionDescriptionForm, WelcomeTemplateForm
from lindra.registry.access import get_membership_for_user, get_network_for_user

Party = Acceptance.Party


@require_http_methods(["GET", "POST"])
def welcome_template(request, pk: int):
    """The secretariat's text of the network's welcome letter, with the variables beside it."""
    network = get_network_for_user(request, pk, change=True)
    template = onboarding.template_for(network)
    initial = {"body": onboarding.template_text(network), "version": template.version if template else 0}
    form = WelcomeTemplateForm(request.POST or None, initial=initial)
    saved = run_form(
        request,
        form,
        lambda data: onboarding.save_template(
            network, body=data["body"], expected_version=data["version"], by=request.user, request=request
        ),
    )
    if saved:
        messages.success(request, _("Velkomstbrevet er lagret. Nye medlemmer får det fra nå av."))
        return redirect("development:welcome_template", network.pk)
    return render_form(
        request,
        "development/welcome_template.html",
        form,
        network=network,
        saved_template=template,
        variables=onboarding.TEMPLATE_VARIABLES,
    )


@require_http_methods(["GET", "POST"])
def function_descriptions(request, pk: int):
    """The network's function descriptions (seed 004): the list with approval dates, and upload."""
    network = get_network_for_user(request, pk, change=True)
    form = FunctionDescriptionForm(request.POST or None, request.FILES or None)

    def upload(data):
        file = data["pdf"]
        return onboarding.upload_description(
            network,
            profession=data["profession"],
            title=data["title"],
            approved_on=data["approved_on"],
            filename=file.name,
            content=file.read(),
            by=request.user,
            request=request,
        )

    uploaded = run_form(request, form, upload)
    if uploaded:
        messages.success(request, _("«%(title)s» er lastet opp.") % {"title": uploaded.title})
        return redirect("development:function_descriptions", network.pk)
    descriptions = onboarding.descriptions_of(network)
    return render_form(
        request,
        "development/function_descriptions.html",
        form,
        network=network,
        descriptions=descriptions,
        current=onboarding.current_ids(descriptions, timezone.localdate()),
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


@require_GET
def function_description_pdf(request, pk: int):
    description = get_description_for_user(request, pk)
    return _pdf(bytes(description.pdf), description.filename)


@require_GET
def group_onboarding(request, pk: int):
    group = get_group_onboarding(request, pk)
    rows = onboarding.group_rows(group, timezone.localdate())
    return render(request, "development/onboarding.html", {"group": group, "network": group.network, "rows": rows})


@require_GET
def network_onboarding(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    rows = onboarding.network_rows(network, timezone.localdate())
    return render(request, "development/onboarding.html", {"network": network, "rows": rows, "by_group": True})


@require_POST
def send_letter_now(request, pk: int):
    """A letter the periodic job passed by, sent when the group leader or the secretariat asks."""
    membership = get_membership_for_user(request, pk)
    if not request.roles.runs_group(membership.local_group_id, membership.network_id):
        refuse_to_change(request, f"welcome letter of membership {pk}", membership.network)
    try:
        letter = onboarding.send_letter_now(membership, by=request.user, request=request)
    except onboarding.OnboardingError as error:
        messages.error(request, str(error))
    else:
        if letter.sent_to:
            messages.success(request, _("Velkomstbrevet er sendt til %(address)s.") % {"address": letter.sent_to})
        else:
            messages.warning(request, _("Medlemmet har ingen e-postadresse: skriv ut brevet og gi det til medlemmet."))
    if request.POST.get("from") == "network" and request.roles.runs_network(membership.network_id):
        return redirect("development:network_onboarding", membership.network_id)
    return redirect("development:group_onboarding", membership.local_group_id)


@require_GET
def welcome_letter_pdf(request, pk: int):
    """The letter as written, to print for a member without an e-mail address, or to read again."""
    membership = get_membership_for_user(request, pk)
    letter = onboarding.letter_of(membership)
    if letter is None:
        refuse_to_show(request, f"welcome letter of membership {pk}", membership.network)
    letter.membership = membership
    return _pdf(onboarding.render_pdf(letter), onboarding.letter_filename(letter))


def _party_of(roles, membership) -> str | None:
    if roles.person_id is None:
        return None
    if roles.person_id == membership.person_id:
        return Party.MEMBER
    if roles.person_id == membership.nearest_leader_id:
        return Party.LEADER
    return None


@require_http_methods(["GET", "POST"])
def acceptance(request, pk: int):
    """Signed in: the member and the nearest leader accept here; the group leader and the
    secretariat see who has."""
    membership = get_membership_for_user(request, pk)
    party = _party_of(request.roles, membership)
    error = ""
    if request.method == "POST":
        if party is None:
            refuse_to_change(request, f"membership {pk} acceptance", membership.network)
        try:
            person = membership.person if party == Party.MEMBER else membership.nearest_leader
            onboarding.accept(membership, party, person, by=request.user, request=request)
        except onboarding.OnboardingError as refused:
            error = str(refused)
        else:
            messages.success(request, _("Takk! Du har godtatt funksjonsbeskrivelsen."))
            return redirect("development:acceptance", membership.pk)
    return _acceptance_page(request, membership, party, error=error, post_url=request.path)


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def accept_link(request, token: str):
    """The page the link in the letter opens, without signing in. Opening it records nothing
    (mail scanners open links): only the button does."""
    holder = _holder_or_refusal(request, token)
    if not isinstance(holder, onboarding.LinkHolder):
        return holder
    error = ""
    if request.method == "POST":
        try:
            onboarding.accept(holder.membership, holder.party, holder.person, request=request)
        except onboarding.OnboardingError as refused:
            error = str(refused)
        else:
            messages.success(request, _("Takk! Du har godtatt funksjonsbeskrivelsen."))
            return redirect(request.path)
    pdf_url = reverse("development:accept_link_pdf", args=[token])
    return _acceptance_page(
        request, holder.membership, holder.party, error=error, post_url=request.path, pdf_url=pdf_url, by_link=True
    )


@never_cache
@login_not_required
@require_GET
def accept_link_pdf(request, token: str):
    holder = _holder_or_refusal(request, token)
    if not isinstance(holder, onboarding.LinkHolder):
        return holder
    description = onboarding.description_to_read(holder.membership, holder.party)
    if description is None:
        refuse_to_show(request, "function description by link", holder.membership.network)
    return _pdf(bytes(description.pdf), description.filename)


def _holder_or_refusal(request, token: str):
    """The link's holder, or the page that says why the link cannot be used."""
    try:
        holder = onboarding.holder_of(token)
    except onboarding.LinkRefused as refused:
        record(AuditAction.ACCESS_REFUSED, request=request, target="acceptance link", changes={"status": 410})
        return render(request, "development/acceptance_invalid.html", {"reason": str(refused)}, status=410)
    if holder is None:
        record(AuditAction.ACCESS_REFUSED, request=request, target="acceptance link", changes={"status": 404})
        return render(request, "development/acceptance_invalid.html", {}, status=404)
    return holder


def _acceptance_page(request, membership, party, *, error: str, post_url: str, pdf_url: str = "", by_link=False):
    description = onboarding.description_to_read(membership, party)
    accepted = {a.party: a for a in Acceptance.objects.filter(membership=membership).select_related("person")}
    context = {
        "membership": membership,
        "party": party,
        "description": description,
        "pdf_url": pdf_url
        or (reverse("development:function_description_pdf", args=[description.pk]) if description else ""),
        "mine": accepted.get(party) if party else None,
        "member_acceptance": accepted.get(Party.MEMBER),
        "leader_acceptance": accepted.get(Party.LEADER),
        "post_url": post_url,
        "error": error,
        "by_link": by_link,
    }
    return render(request, "development/acceptance.html", context, status=400 if error else 200)
