"""The minutes' pages: the writer's draft, the secretariat's review and distribution, the
documents, and the network's minutes template. Thin: find, check, call lindra.meetings.minutes
and lindra.meetings.minutes_documents."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.core.views_helpers import render_form, run_form
from lindra.meetings import attendance
from lindra.meetings import minutes as service
from lindra.meetings import minutes_documents as documents
from lindra.meetings.access import MeetingRights, get_meeting_for_minutes, get_meeting_for_user, rights_for
from lindra.meetings.minutes_forms import MinutesForm, MinutesTemplateForm, ReviewForm
from lindra.meetings.models import Meeting, Minutes, MinutesTemplate
from lindra.meetings.services import MeetingError
from lindra.registry.access import get_network_for_user

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATUS_COLORS = {
    Minutes.Status.DRAFT: "neutral",
    Minutes.Status.SUBMITTED: "info",
    Minutes.Status.CHANGES_REQUESTED: "warning",
    Minutes.Status.APPROVED: "success",
}


def minutes(request, pk: int):
    """Writers draft here and the secretariat reviews; once approved, everyone who sees the
    meeting, and the nearest leaders of its members, read the minutes here. Before that, a
    reader is told they are not ready."""
    meeting = get_meeting_for_minutes(request, pk)
    rights = rights_for(request.roles, meeting)
    if not rights.writes_minutes:
        if request.method == "POST":
            refuse_to_change(request, f"minutes {pk}", meeting.network)
        approved = Minutes.objects.filter(meeting=meeting, status=Minutes.Status.APPROVED).first()
        return _page(request, meeting, rights, approved, form=None)
    record = service.minutes_for(meeting)
    form = _draft_form(request, record)
    if request.method == "POST":
        saved = run_form(request, form, lambda data: _save_draft(request, record, data))
        if saved:
            messages.success(request, _("Utkastet er lagret."))
            return redirect("meetings:minutes", meeting.pk)
    return _page(request, meeting, rights, record, form=form)


@require_POST
def submit(request, pk: int):
    """Saves what the writer typed and sends the minutes to the secretariat."""
    meeting = get_meeting_for_user(request, pk)
    rights = rights_for(request.roles, meeting)
    if not rights.writes_minutes:
        refuse_to_change(request, f"minutes {pk}", meeting.network)
    record = service.minutes_for(meeting)
    form = _draft_form(request, record)

    def save_and_submit(data):
        saved = _save_draft(request, record, data)
        # Saved: a second try from this page must not look like someone else's save.
        form.data = form.data.copy()
        form.data["version"] = saved.version
        try:
            return service.submit(saved, by=request.user, request=request)
        except MeetingError as error:
            kept = _("Utkastet ditt er lagret.")
            raise MeetingError(f"{error} {kept}", field=error.field) from error

    if run_form(request, form, save_and_submit):
        messages.success(request, _("Referatet er sendt til sekretariatet. Du får beskjed hvis noe må rettes."))
        return redirect("meetings:minutes", meeting.pk)
    record.refresh_from_db()
    return _page(request, meeting, rights, record, form=form)


@require_POST
def review(request, pk: int):
    """The secretariat approves and sends the minutes, or sends them back with a note."""
    meeting = get_meeting_for_user(request, pk)
    rights = rights_for(request.roles, meeting)
    if not rights.reviews_minutes:
        refuse_to_change(request, f"minutes {pk} review", meeting.network)
    record = service.minutes_for(meeting)
    form = ReviewForm(request.POST)
    action = request.POST.get("action")

    def act(data):
        if action == "approve":
            sent = service.approve_and_send(record, by=request.user, request=request)
            readers = ngettext("%(n)s medlem eller deltaker", "%(n)s medlemmer og deltakere", sent.readers) % {
                "n": sent.readers
            }
            leaders = ngettext("%(n)s nærmeste leder", "%(n)s nærmeste ledere", sent.leaders) % {"n": sent.leaders}
            messages.success(
                request,
                _(
                    "Referatet er godkjent og sendt til %(readers)s, %(leaders)s, med kopi til driftsgruppens leder "
                    "og sekretariatet."
                )
                % {"readers": readers, "leaders": leaders},
            )
        elif action == "changes":
            service.request_changes(record, note=data["note"], by=request.user, request=request)
            messages.success(request, _("Referatet er sendt tilbake til referenten og gruppelederen."))
        else:
            raise MeetingError(_("Velg om referatet skal godkjennes eller sendes tilbake."))
        return True

    if run_form(request, form, act):
        return redirect("meetings:minutes", meeting.pk)
    record.refresh_from_db()
    return _page(request, meeting, rights, record, form=None, review_form=form)


@require_GET
def minutes_pdf(request, pk: int):
    meeting = get_meeting_for_minutes(request, pk)
    record = _readable(request, meeting)
    response = HttpResponse(documents.render_pdf(record), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, documents.document_name(meeting, "pdf"))
    return response


@require_GET
def minutes_docx(request, pk: int):
    meeting = get_meeting_for_minutes(request, pk)
    record = _readable(request, meeting)
    response = HttpResponse(documents.render_docx(record), content_type=DOCX_MIME)
    response["Content-Disposition"] = content_disposition_header(True, documents.document_name(meeting, "docx"))
    return response


def _readable(request, meeting: Meeting) -> Minutes:
    """The minutes as a document: writers and the secretariat see the draft; others only
    approved minutes (a draft is no one else's business: 404)."""
    record = Minutes.objects.filter(meeting=meeting).first()
    if rights_for(request.roles, meeting).writes_minutes:
        record = record or service.new_minutes(meeting)
    elif record is None or record.status != Minutes.Status.APPROVED:
        refuse_to_show(request, f"minutes {meeting.pk}")
    record.meeting = meeting
    return record


def _save_draft(request, record: Minutes, data: dict) -> Minutes:
    return service.save_draft(
        record,
        part1=data["part1"],
        part2=data.get("part2", record.part2),
        agreements=data["agreements"],
        expected_version=data["version"],
        by=request.user,
        request=request,
    )


def _draft_form(request, record: Minutes) -> MinutesForm:
    initial = {"part1": record.part1, "part2": record.part2, "agreements": record.agreements, "version": record.version}
    return MinutesForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        is_group=record.meeting.kind == Meeting.Kind.GROUP,
    )


def _page(
    request,
    meeting: Meeting,
    rights: MeetingRights,
    record: Minutes | None,
    *,
    form: MinutesForm | None,
    review_form: ReviewForm | None = None,
):
    status = record.status if record is not None else None
    editable = rights.writes_minutes and status in service.EDITABLE
    under_review = rights.reviews_minutes and status == Minutes.Status.SUBMITTED
    readable = rights.writes_minutes or status == Minutes.Status.APPROVED
    context = {
        "meeting": meeting,
        "minutes": record if readable else None,
        "facts": documents.facts_for(record) if readable and record else None,
        "status_color": STATUS_COLORS.get(status, "neutral"),
        "writes": rights.writes_minutes,
        "editable": editable,
        "ended": meeting.ends_at <= timezone.now(),
        "under_review": under_review,
        "review_form": review_form or (ReviewForm() if under_review else None),
        "secretariat": rights.reviews_minutes,
        # A nearest leader reads the minutes of their staff's meeting, not the meeting page.
        "sees_meeting": rights.sees,
        # The sheet saved, then someone added or a leave registered: the writer saves it again first.
        "sheet_changed": editable and attendance.saved_sheet(meeting).changed_since_saved,
    }
    if under_review:
        context["preview"] = service.recipients(meeting, timezone.localdate())
    if rights.reviews_minutes and status == Minutes.Status.APPROVED:
        context["distribution"] = rows = service.distribution(meeting)
        context["failed"] = sum(row.failed for row in rows)
    context["form"] = form if editable else None
    # A refusal on a form the page no longer shows (the minutes moved on meanwhile) is told on top.
    hidden = [f for f in (form, review_form) if f is not None and f.errors]
    hidden = [f for f in hidden if f is not context["form"] and not (under_review and f is review_form)]
    context["refusals"] = [error for f in hidden for errors in f.errors.values() for error in errors]
    failed = any(f is not None and f.errors for f in (form, review_form))
    return render(request, "meetings/minutes.html", context, status=400 if failed else 200)


def minutes_template(request, pk: int):
    """The secretariat's template: the text a draft starts from, and the Word document."""
    network = get_network_for_user(request, pk, change=True)
    template = MinutesTemplate.objects.filter(network=network).first()
    has_docx = bool(template and template.docx)
    body = template.body if template and template.body.strip() else service.default_guidance()
    form = MinutesTemplateForm(
        request.POST or None,
        request.FILES or None,
        initial={"body": body, "version": template.version if template else 0},
        has_docx=has_docx,
    )

    def save(data):
        upload = data["docx"]
        return documents.save_template(
            network,
            body=data["body"],
            docx=upload.read() if upload else None,
            docx_name=upload.name if upload else "",
            use_default=data.get("use_default", False),
            expected_version=data["version"],
            by=request.user,
            request=request,
        )

    if run_form(request, form, save):
        messages.success(request, _("Referatmalen er lagret."))
        return redirect("meetings:minutes_template", network.pk)
    return render_form(
        request,
        "meetings/minutes_template.html",
        form,
        network=network,
        uploaded=template if has_docx else None,
        variables=documents.TEMPLATE_VARIABLES,
    )


@require_GET
def minutes_template_docx(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    template = MinutesTemplate.objects.filter(network=network).first()
    if template and template.docx:
        content, name = bytes(template.docx), template.docx_name or "referatmal.docx"
    else:
        content, name = documents.default_docx_template(), "referatmal-lindra.docx"
    response = HttpResponse(content, content_type=DOCX_MIME)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
