"""Answering an invitation (by the e-mailed link or signed in), and the host's list of
participants with the guests they invite."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lindra.core.access import refuse_to_change
from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.core.views_helpers import render_form, run_form
from lindra.meetings import links, registrations, rules
from lindra.meetings.access import get_meeting_for_user
from lindra.meetings.models import Registration
from lindra.meetings.services import MeetingError

Answer = Registration.Answer
Phase = rules.AnswerPhase
ANSWER_OF_ACTION = {"register": Answer.REGISTERED, "absent": Answer.ABSENT}
# The tag of the message that confirms what was just done, so that the page that follows
# does not also say it had been done before.
JUST_DONE = "just-done"


def _answered_message(registration: Registration) -> str:
    place = registrations.place_in_line(registration)
    if place is not None:
        return _(
            "Alle plassene er tatt, så du står på ventelisten som nummer %(place)s. Du får e-post hvis du får plass."
        ) % {"place": place}
    if registration.answer == Answer.REGISTERED:
        if registration.kind == Registration.Kind.GUEST:
            return _("Du er påmeldt. Du får en bekreftelse på e-post med tiden i kalenderen din.")
        return _("Du er påmeldt. Velkommen!")
    if registration.kind == Registration.Kind.MEMBER:
        return _("Forfallet er meldt. Din nærmeste leder, gruppelederen og arrangøren har fått beskjed.")
    return _("Takk for beskjed. Arrangøren ser at du ikke kommer.")


def _refused(request, registration: Registration, reason: str, status: int) -> None:
    meeting = registration.meeting
    record(
        AuditAction.ACCESS_REFUSED,
        request=request,
        obj=meeting,
        network=meeting.network,
        target="answer link",
        changes={"registration": registration.pk, "reason": reason, "status": status},
    )


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    """The page an e-mailed link opens, without signing in. Opening it changes nothing (mail
    scanners open links): every answer, the read confirmation too, is a button (a POST).
    What the page says depends on the link's holder alone."""
    found = links.registration_for_token(token)
    if found is None:
        record(AuditAction.ACCESS_REFUSED, request=request, target="answer link", changes={"status": 404})
        return render(request, "meetings/answer_invalid.html", status=404)
    registration, action = found
    window = registrations.answer_window(registration.meeting, registration)
    if window.phase == Phase.OVER:
        _refused(request, registration, "meeting over", 410)
        return render(request, "meetings/answer.html", _link_context(request, registration, action, window), status=410)
    error = ""
    if request.method == "POST":
        try:
            if action == "read":
                registration, confirmed = registrations.confirm_read(registration, request=request)
                done = _("Takk! Vi har registrert at du har lest innkallingen.") if confirmed else ""
            else:
                before = registration.answer
                registration = registrations.answer(registration, ANSWER_OF_ACTION[action], request=request)
                done = _answered_message(registration) if registration.answer != before else ""
        except MeetingError as refused:
            error = str(refused)
            _refused(request, registration, "answer closed", 400)
        else:
            if done:
                messages.success(request, done, extra_tags=JUST_DONE)
            return redirect(request.path)
    context = _link_context(request, registration, action, window)
    return render(request, "meetings/answer.html", {**context, "error": error}, status=400 if error else 200)


def _link_context(request, registration: Registration, action: str, window) -> dict:
    just_done = any(JUST_DONE in message.tags for message in messages.get_messages(request))
    heading, lead = _link_status(registration, action, window, just_done=just_done)
    urls = {
        answer: reverse("meetings:answer", args=[links.token_for(registration, act)])
        for act, answer in ANSWER_OF_ACTION.items()
    }
    labelled = registrations.labelled_choices(window, registration)
    primary_answer = ANSWER_OF_ACTION.get(action)
    primary = None
    if action == "read" and not registration.read_at and window.phase in (Phase.OPEN, Phase.LATE):
        primary = (request.path, _("Bekreft at jeg har lest innkallingen"))
    elif primary_answer in window.choices:
        # The link's own answer is the page's one big button; the others stay below it.
        primary = (urls[primary_answer], dict(labelled)[primary_answer])
        labelled = [(answer, label) for answer, label in labelled if answer != primary_answer]
    meeting = registration.meeting
    return {
        "meeting": meeting,
        "registration": registration,
        "guest": registration.kind == Registration.Kind.GUEST,
        "action": action,
        "window": window,
        "deadline": window.deadline,
        "heading": heading,
        "lead": lead,
        "primary": primary,
        "choices": [(urls[answer], label) for answer, label in labelled],
        "choices_heading": _choices_heading(registration.answer, [answer for answer, _label in labelled]),
        "invitation": getattr(meeting, "invitation", None) if action == "read" else None,
        "topics": meeting.topics.all(),
        "owner_signed_in": registration.person_id is not None and registration.person.user_id == request.user.pk,
    }


def _choices_heading(current: str, others: list[str]) -> str:
    if current != Answer.NONE:
        return _("Endre svaret")
    if others == [Answer.ABSENT]:
        return _("Kan du ikke komme?")
    if others == [Answer.REGISTERED]:
        return _("Kan du likevel komme?")
    return _("Kommer du?")


def _link_status(registration: Registration, action: str, window, *, just_done: bool) -> tuple[str, str]:
    """The page's heading and the line under it: what the link is for, or what has already
    been done with it, and when."""
    guest = registration.kind == Registration.Kind.GUEST
    if window.phase == Phase.OVER:
        return _("Møtet er holdt"), ""
    if window.phase == Phase.STARTED:
        return _("Møtet har begynt"), ""
    if action == "read":
        if not registration.read_at:
            return _("Les innkallingen"), _("Se over innkallingen, og bekreft nederst at du har lest den.")
        when = registrations.moment(registration.read_at)
        if just_done:
            return _("Takk for at du har lest innkallingen"), _("Bekreftet %(when)s.") % {"when": when}
        return _("Du har allerede bekreftet at du har lest innkallingen"), _("Bekreftet %(when)s.") % {"when": when}
    wanted = ANSWER_OF_ACTION[action]
    if registration.answer != wanted:
        if wanted not in window.choices:
            return _("Påmeldingen er stengt"), ""
        if wanted == Answer.REGISTERED:
            return _("Meld deg på"), ""
        return (_("Si fra at du ikke kommer") if guest else _("Meld forfall")), ""
    when = registrations.moment(registration.answered_at)
    place = registrations.place_in_line(registration)
    if wanted == Answer.REGISTERED and place is not None:
        return _("Du står på ventelisten"), _(
            "Alle plassene er tatt. Du står som nummer %(place)s på ventelisten, og får e-post hvis du får plass."
        ) % {"place": place}
    if wanted == Answer.REGISTERED:
        if guest:
            lead = _("Du er påmeldt den faglige delen %(span)s.") % {
                "span": registrations.span(registration.meeting, guest=True)
            }
        else:
            lead = _("Påmeldt %(when)s.") % {"when": when}
        return (_("Du er påmeldt") if just_done else _("Du er allerede påmeldt")), lead
    if guest:
        heading = (
            _("Du har sagt fra at du ikke kommer") if just_done else _("Du har allerede sagt fra at du ikke kommer")
        )
        return heading, _("Sagt fra %(when)s.") % {"when": when}
    heading = _("Du har meldt forfall") if just_done else _("Du har allerede meldt forfall")
    return heading, _("Forfallet ble meldt %(when)s.") % {"when": when}


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
        "deadline": registrations.deadline_for(meeting),
        "error": error,
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
        registering_open=registrations.answer_window(meeting, None).registering_open,
        deadline=registrations.deadline_for(meeting),
    )
