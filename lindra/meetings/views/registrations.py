"""Answering an invitation (by the e-mailed link or signed in), and the host's list of
participants with the guests they invite."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lindra.core.access import refuse_to_change
from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.core.views_helpers import render_form, run_form
from lindra.meetings import links, registrations
from lindra.meetings.access import get_meeting_for_user
from lindra.meetings.models import Registration
from lindra.meetings.services import MeetingError

Answer = Registration.Answer
ANSWER_OF_ACTION = {"register": Answer.REGISTERED, "absent": Answer.ABSENT}


def _answered_message(registration: Registration) -> str:
    if registration.answer == Answer.REGISTERED:
        return _("Du er påmeldt. Velkommen!")
    if registration.kind == Registration.Kind.MEMBER:
        return _("Forfallet er meldt. Din nærmeste leder og gruppelederen har fått beskjed.")
    return _("Takk for beskjed. Arrangøren ser at du ikke kommer.")


@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    """The page an e-mailed link opens, without signing in. Opening it changes nothing (mail
    scanners open links), except that a read link records the read confirmation, which is
    harmless to record twice. The answer itself is a button: a POST."""
    found = links.registration_for_token(token)
    if found is None:
        record(AuditAction.ACCESS_REFUSED, request=request, target="answer link", changes={"status": 404})
        return render(request, "meetings/answer_invalid.html", status=404)
    registration, action = found
    if action == "read" and request.method == "POST":
        return HttpResponseNotAllowed(["GET"])
    error = ""
    if action == "read":
        registrations.confirm_read(registration, request=request)
    elif request.method == "POST":
        try:
            registration = registrations.answer(registration, ANSWER_OF_ACTION[action], request=request)
        except MeetingError as refused:
            error = str(refused)
        else:
            messages.success(request, _answered_message(registration))
            return redirect(request.path)
    meeting = registration.meeting
    context = {
        "meeting": meeting,
        "registration": registration,
        "action": action,
        "error": error,
        "closed": registrations.closed_reason(meeting),
        "deadline": registrations.deadline_for(meeting),
        "register_url": reverse("meetings:answer", args=[links.token_for(registration, "register")]),
        "absent_url": reverse("meetings:answer", args=[links.token_for(registration, "absent")]),
    }
    return render(request, "meetings/answer.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def my_answer(request, pk: int):
    """A signed-in participant registers or gives notice for themselves."""
    meeting = get_meeting_for_user(request, pk)
    person = getattr(request.user, "person", None)
    if person is None or not registrations.is_participant(meeting, person):
        refuse_to_change(request, f"meeting {pk} answer", meeting.network)
    error = ""
    if request.method == "POST":
        try:
            registration = registrations.answer_as_member(
                meeting, person, request.POST.get("svar", ""), by=request.user, request=request
            )
        except MeetingError as refused:
            error = str(refused)
        else:
            messages.success(request, _answered_message(registration))
            return redirect("meetings:my_answer", meeting.pk)
    context = {
        "meeting": meeting,
        "registration": registrations.registration_of(meeting, person),
        "error": error,
        "closed": registrations.closed_reason(meeting),
        "deadline": registrations.deadline_for(meeting),
    }
    return render(request, "meetings/my_answer.html", context, status=400 if error else 200)


class GuestForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Navn"), max_length=200)
    email = forms.EmailField(
        label=gettext_lazy("E-postadresse"),
        help_text=gettext_lazy("Gjesten får en e-post med lenker for å melde seg på eller gi beskjed om forfall."),
    )


@require_http_methods(["GET", "POST"])
def participants(request, pk: int):
    """The host's list: who has answered and who has read the invitation; and guests invited
    to part 2. For the host, the group leader and the secretariat."""
    meeting = get_meeting_for_user(request, pk, change=True)
    form = GuestForm(request.POST or None)
    invited = run_form(
        request,
        form,
        lambda data: registrations.invite_guest(
            meeting, name=data["name"], email=data["email"], by=request.user, request=request
        ),
    )
    if invited:
        messages.success(
            request,
            _("Invitasjonen er sendt til %(name)s (%(email)s).") % {"name": invited.name, "email": invited.email},
        )
        return redirect("meetings:participants", meeting.pk)
    return render_form(
        request,
        "meetings/participants.html",
        form,
        meeting=meeting,
        listing=registrations.registrations_for(meeting),
        closed=registrations.closed_reason(meeting),
        deadline=registrations.deadline_for(meeting),
    )
