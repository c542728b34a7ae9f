from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from lindra.core.access import refuse_to_change
from lindra.core.forms import VersionedModelForm
from lindra.core.views_helpers import render_form, run_form
from lindra.meetings import invitations
from lindra.meetings.access import get_meeting_for_user, rights_for
from lindra.meetings.models import Invitation, InvitationTemplate
from lindra.registry.access import get_network_for_user
from lindra.registry.services import save_form_instance


class InvitationForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Tekst i innkallingen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Hilsen og praktisk informasjon: adresse, parkering, lunsj, hva man bør ha med."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def invitation(request, pk: int):
    """The host drafts and submits; the secretariat reviews and sends; others may read it."""
    meeting = get_meeting_for_user(request, pk)
    rights = rights_for(request.roles, meeting)
    invitation = invitations.invitation_for(meeting)
    if request.method == "GET" and request.headers.get("HX-Request"):
        # The progress of the e-mails going into the outbox, asked for again every second.
        return render(request, "meetings/invitation.html#mailing", {"meeting": meeting, "invitation": invitation})
    form = InvitationForm(request.POST or None, initial={"text": invitation.text, "version": invitation.version})
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if not rights.edits or (action == "send" and not rights.secretariat):
            refuse_to_change(request, f"invitation {pk}", meeting.network)
        if run_form(request, form, lambda data: _act(request, invitation, action, data["text"], data["version"])):
            return redirect("meetings:invitation", meeting.pk)
    return render_form(
        request,
        "meetings/invitation.html",
        form,
        meeting=meeting,
        invitation=invitation,
        may_edit=rights.edits,
        may_submit=(rights.hosts or rights.leads) and invitation.status == Invitation.Status.DRAFT,
        may_send=rights.secretariat,
        **(
            {
                "call_list": invitations.call_list(meeting, timezone.localdate(meeting.starts_at)),
                "copies": invitations.copy_recipients(meeting, timezone.localdate()),
            }
            if rights.secretariat and invitation.status != Invitation.Status.SENT
            else {}
        ),
    )


def _act(request, invitation: Invitation, action: str, text: str, version: int | None) -> bool:
    invitations.save_draft(invitation, text=text, expected_version=version, by=request.user, request=request)
    if action == "submit":
        invitations.submit_to_secretariat(invitation, by=request.user, request=request)
        messages.success(request, _("Innkallingen er sendt til sekretariatet."))
    elif action == "send":
        _tell_who_was_called(request, invitations.send_invitation(invitation, by=request.user, request=request))
    else:
        messages.success(request, _("Utkastet er lagret."))
    return True


def _tell_who_was_called(request, sent: invitations.Sent) -> None:
    called = sent.called
    n = len(called.by_email)
    messages.success(
        request,
        ngettext(
            "Innkallingen er sendt på e-post til %(n)s deltaker, med kopi til %(copies)s.",
            "Innkallingen er sendt på e-post til %(n)s deltakere, med kopi til %(copies)s.",
            n,
        )
        % {"n": n, "copies": get_text_list(sent.copies, _("og"))},
    )
    if missing := called.without_email:
        messages.warning(
            request,
            ngettext(
                "%(n)s deltaker har ingen e-postadresse og har ikke fått innkallingen. Gi beskjed på annen måte, "
                "for eksempel gjennom nærmeste leder: %(names)s.",
                "%(n)s deltakere har ingen e-postadresse og har ikke fått innkallingen. Gi dem beskjed på annen "
                "måte, for eksempel gjennom nærmeste leder: %(names)s.",
                len(missing),
            )
            % {"n": len(missing), "names": "; ".join(_with_leader(c) for c in missing)},
        )
    if called.on_leave:
        messages.info(
            request,
            _("Ikke innkalt, fordi de har permisjon på møtedagen: %(names)s.")
            % {"names": ", ".join(o.person.full_name for o in called.on_leave)},
        )


def _with_leader(called: invitations.Called) -> str:
    leader = called.nearest_leader
    if leader is None:
        return _("%(name)s (ingen nærmeste leder registrert)") % {"name": called.person.full_name}
    contact = ", ".join(c for c in (leader.email, leader.phone) if c)
    return _("%(name)s (nærmeste leder: %(leader)s%(contact)s)") % {
        "name": called.person.full_name,
        "leader": leader.full_name,
        "contact": f", {contact}" if contact else "",
    }


@require_GET
def invitation_pdf(request, pk: int):
    meeting = get_meeting_for_user(request, pk)
    pdf = invitations.render_pdf(meeting, invitations.invitation_for(meeting))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="innkalling-{meeting.pk}.pdf"'
    return response


class TemplateForm(VersionedModelForm):
    class Meta:
        model = InvitationTemplate
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


def invitation_template(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    template = InvitationTemplate.objects.filter(network=network).first() or InvitationTemplate(network=network)
    form = TemplateForm(request.POST or None, instance=template)
    if run_form(
        request, form, lambda data: save_form_instance(form, by=request.user, request=request, network=network)
    ):
        messages.success(request, _("Malen er lagret."))
        return redirect(network)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Mal for innkallinger i %(network)s") % {"network": network},
        intro=_(
            "Teksten arrangøren starter med når en innkalling skrives. Møtets fakta og program settes inn automatisk."
        ),
        submit=_("Lagre malen"),
        cancel_url=network.get_absolute_url(),
    )
