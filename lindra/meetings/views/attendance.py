"""Attendance on the day, on a phone: one group of buttons per person, saved at once; and a
member's attendance record for a year."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lindra.core.access import refuse_to_change
from lindra.core.views_helpers import render_form, run_form
from lindra.meetings import attendance, certificates, follow_ups, yearly
from lindra.meetings.access import get_meeting_for_user, rights_for
from lindra.meetings.forms import AttendanceForm
from lindra.meetings.models import Meeting
from lindra.meetings.services import MeetingError
from lindra.registry.access import get_membership_for_user


def _saved_message(saved: attendance.Saved, marked_now: list[attendance.SheetRow]) -> str:
    counts = saved.counts
    text = _("Oppmøtet er lagret: %(present)s til stede, %(notice)s med forfall, %(absent)s uten forfall.") % counts
    if counts["guests"]:
        text += " " + ngettext("%(n)s gjest var til stede.", "%(n)s gjester var til stede.", counts["guests"]) % {
            "n": counts["guests"]
        }
    if marked_now:
        text += " " + _("Markert som til stede med «Resten var til stede»: %(names)s.") % {
            "names": get_text_list([row.name for row in marked_now], _("og"))
        }
    if saved.opened:
        text += " " + ngettext(
            "Én oppfølging av fravær er åpnet, og gruppelederen har fått e-post.",
            "%(n)s oppfølginger av fravær er åpnet, og gruppelederen har fått e-post.",
            len(saved.opened),
        ) % {"n": len(saved.opened)}
    return text


@require_http_methods(["GET", "POST"])
def attendance_view(request, pk: int):
    """The host, the group leader (or the committee) and the secretariat mark attendance from
    the moment the meeting starts; corrections later are kept in the history. "Resten var til
    stede" marks the rows left unmarked: in the page (htmx) for the host to see before saving,
    or, without JavaScript, marked and saved at once."""
    meeting = get_meeting_for_user(request, pk)
    if not rights_for(request.roles, meeting).marks_attendance:
        refuse_to_change(request, f"meeting {pk} attendance", meeting.network)
    try:
        attendance.check_may_record(meeting)
    except MeetingError as error:
        return render(
            request,
            "meetings/attendance.html",
            {"meeting": meeting, "not_started": str(error)},
            status=400 if request.method == "POST" else 200,
        )
    sheet = attendance.attendance_sheet(meeting)
    mark_the_rest = request.POST.get("resten") == "til-stede"
    form = AttendanceForm(
        request.POST or None, sheet=sheet, version=attendance.sheet_version(meeting), mark_the_rest=mark_the_rest
    )
    context = {
        "meeting": meeting,
        "sheet": sheet,
        "history": attendance.history(meeting),
        "certificates": certificates.earned_at(meeting) if meeting.kind == Meeting.Kind.COURSE else {},
    }
    if mark_the_rest and request.headers.get("HX-Request"):
        return render(request, "meetings/attendance.html#sheet_form", {**context, "form": form})
    saved = run_form(
        request,
        form,
        lambda data: attendance.record_attendance(
            meeting, form.marks(), expected_version=data["version"], by=request.user, request=request
        ),
    )
    if saved:
        messages.success(request, _saved_message(saved, form.marked_now))
        return redirect("meetings:attendance", meeting.pk)
    return render_form(request, "meetings/attendance.html", form, **context)


@require_GET
def member_attendance(request, pk: int, year: int | None = None):
    """One member's meetings of a year in the network, with the marks, the leave, and how the
    year stands against the obligation. For the member, their nearest leader, the leader of
    their group and the secretariat (the same people who see the membership)."""
    membership = get_membership_for_user(request, pk, viewed=True)
    year = year or timezone.localdate().year
    if year not in yearly.years_shown(timezone.localdate()):
        raise Http404(f"year {year}")
    record = follow_ups.attendance_record(membership.person, membership.network, year)
    roles = request.roles
    may_follow_up = record.follow_up is not None and (
        roles.runs_network(membership.network_id) or record.follow_up.local_group_id in roles.led_groups
    )
    return render(
        request,
        "meetings/member_attendance.html",
        {
            "membership": membership,
            "record": record,
            "year": year,
            # Back to the year the membership began, not to years before the member was one.
            "previous_year": year - 1 if year > membership.starts_on.year else None,
            "next_year": year + 1 if year < timezone.localdate().year else None,
            "may_follow_up": may_follow_up,
        },
    )
