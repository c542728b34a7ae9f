from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lindra.core.access import refuse_to_change
from lindra.core.views_helpers import render_form, run_form
from lindra.meetings import deadlines, registrations, representatives, services
from lindra.meetings.access import MeetingRights, get_meeting_for_user, get_meeting_to_run, rights_for
from lindra.meetings.forms import AgendaForm, ReplaceHostForm, RepresentativeForm
from lindra.meetings.models import Meeting
from lindra.meetings.rules import chain_step, may_mark_done, step_owner


@require_GET
def detail(request, pk: int):
    meeting = get_meeting_for_user(request, pk)
    rights = rights_for(request.roles, meeting)
    chain = deadlines.chain_for(meeting)
    for row in chain:
        row["may_mark"] = row["done_at"] is None and _may_mark(rights, meeting, row["step"].step)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "chain": chain,
            "the_rules": deadlines.rules_in_words(),
            "topics": meeting.topics.all(),
            "host_changes": meeting.host_changes.select_related("host", "host_workplace", "changed_by"),
            "may_edit_agenda": rights.edits,
            "runs": rights.runs,
        },
    )


_AGENDA_INTROS = {
    Meeting.Kind.GROUP: gettext_lazy(
        "Del 1 er erfaringsutveksling for medlemmene, ledet av gruppelederen. Del 2 er faglig påfyll i tråd "
        "med kompetanseplanen, ledet av arrangøren, og åpen for inviterte kolleger og nærmeste ledere."
    ),
    Meeting.Kind.FAGDAG: gettext_lazy(
        "Fagdagen er for alle i nettverket. Programmet står i innkallingen og i referatet."
    ),
    Meeting.Kind.COURSE: gettext_lazy(
        "Introduksjonskurset er for nye medlemmer og deres nærmeste ledere. Programmet står i innkallingen og i "
        "referatet."
    ),
    Meeting.Kind.COMMITTEE: gettext_lazy("Sakene til møtet. Programmet står i innkallingen og i referatet."),
}


def agenda(request, pk: int):
    """The host and the group leader agree the program: for a group meeting its two parts,
    for other meetings one programme; and the competence-plan topics."""
    meeting = get_meeting_for_user(request, pk, change=True)
    form = AgendaForm(request.POST or None, instance=meeting)

    def save(data):
        fields = {k: v for k, v in data.items() if k not in ("version", "topics")}
        with transaction.atomic():
            saved = services.update_agenda(
                meeting,
                by=request.user,
                expected_version=data["version"],
                topics=data["topics"],
                request=request,
                **fields,
            )
            # Places added: those first in turn on the waiting list get them.
            registrations.fill_free_places(saved, by=request.user, request=request)
        return saved

    if run_form(request, form, save):
        messages.success(request, _("Programmet er lagret."))
        return redirect("meetings:detail", meeting.pk)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Program for %(title)s") % {"title": meeting.title},
        intro=_AGENDA_INTROS[meeting.kind],
        submit=_("Lagre programmet"),
        cancel_url=meeting.get_absolute_url(),
    )


def replace_host(request, pk: int):
    meeting = get_meeting_to_run(request, pk)
    candidates = [m for m in services.host_candidates(meeting) if m.person_id != meeting.host_id]
    form = ReplaceHostForm(request.POST or None, candidates=candidates, initial={"version": meeting.version})
    saved = run_form(
        request,
        form,
        lambda data: services.replace_host(
            meeting,
            host=data["host"],
            workplace_only=data["workplace_only"],
            reason=data["reason"],
            by=request.user,
            expected_version=data["version"],
            request=request,
        ),
    )
    if saved:
        messages.success(request, _("Arrangøren er byttet."))
        return redirect("meetings:detail", meeting.pk)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Bytt arrangør for %(title)s") % {"title": meeting.title},
        intro=_(
            "Forslagene er medlemmene som kan arrangere %(date)s (ikke i permisjon), først det arbeidsstedet som har "
            "ventet lengst siden det arrangerte sist."
        )
        % {"date": date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")},
        submit=_("Bytt arrangør"),
        cancel_url=meeting.get_absolute_url(),
    )


def operations_representative(request, pk: int):
    """The group leader or the secretariat names who from the operations group attends (001)."""
    meeting = get_meeting_to_run(request, pk)
    if meeting.kind != Meeting.Kind.GROUP:
        raise Http404("only group meetings have a representative")
    people = representatives.candidates(meeting)
    form = RepresentativeForm(
        request.POST or None, candidates=people, current=meeting.operations_representative, version=meeting.version
    )
    chosen = run_form(
        request,
        form,
        lambda data: representatives.choose_representative(
            meeting, data["representative"], by=request.user, expected_version=data["version"], request=request
        ),
    )
    if chosen:
        messages.success(request, _representative_message(chosen))
        return redirect("meetings:detail", meeting.pk)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Representant fra driftsgruppen: %(title)s") % {"title": meeting.title},
        intro=_representative_intro(meeting, people),
        submit=_("Lagre"),
        cancel_url=meeting.get_absolute_url(),
    )


def _representative_intro(meeting: Meeting, people: list) -> str:
    day = date_format(timezone.localdate(meeting.starts_at), "DATE_FORMAT")
    if not people:
        return _(
            "Ingen sitter i driftsgruppen %(date)s uten å være medlem av gruppen. Sekretariatet legger inn "
            "driftsgruppens medlemmer under utvalget."
        ) % {"date": day}
    return _(
        "Hvem fra driftsgruppen deltar på møtet? Listen viser dem som sitter i driftsgruppen %(date)s og ikke er "
        "medlem av gruppen. Representanten får innkallingen og referatet, kan melde seg på eller melde forfall, og "
        "står på oppmøtelisten uten å telles med."
    ) % {"date": day}


def _representative_message(chosen: representatives.Chosen) -> str:
    person = chosen.person
    if person is None:
        return _("Møtet har ingen representant fra driftsgruppen.")
    if chosen.invited:
        return _("%(name)s deltar fra driftsgruppen, og har fått innkallingen på e-post.") % {"name": person}
    return _("%(name)s deltar fra driftsgruppen.") % {"name": person}


@require_POST
def mark_done(request, pk: int, step: str):
    meeting = get_meeting_for_user(request, pk, change=True)
    if chain_step(meeting.kind, step) is None:
        return redirect("meetings:detail", meeting.pk)
    if not _may_mark(rights_for(request.roles, meeting), meeting, step):
        refuse_to_change(request, f"meeting {pk} step {step}", meeting.network)
    try:
        services.mark_step_done(meeting, step, by=request.user, request=request)
    except services.MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Markert som utført."))
    return redirect("meetings:detail", meeting.pk)


def _may_mark(rights: MeetingRights, meeting, step: str) -> bool:
    return may_mark_done(
        step_owner(meeting.kind, step),
        is_secretariat=rights.secretariat,
        is_group_leader=rights.leads,
        is_host=rights.hosts,
    )
