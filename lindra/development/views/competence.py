"""Reporting back and competence activities: the member's page, recording and correcting,
the nearest leader's confirmation (signed in, or by the e-mailed link without a password),
and the network's figures of the year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.core.spreadsheets import xlsx_response
from lindra.core.views_helpers import render_form, run_form
from lindra.development import competence, competence_figures
from lindra.development.competence_access import (
    get_activity_for_user,
    get_activity_to_confirm,
    get_membership_to_record,
    is_the_leader,
    is_the_member,
)
from lindra.development.competence_forms import ActivityForm, ChangeActivityForm, ConfirmActivityForm, ReportBackForm
from lindra.development.models import CompetenceActivity, ReportBack
from lindra.meetings import yearly
from lindra.meetings.models import Meeting
from lindra.registry.access import get_membership_for_user, get_network_for_user


def _page_of(membership) -> str:
    return reverse("development:competence", args=[membership.pk])


@require_GET
def competence_view(request, pk: int):
    """The member's reports back and competence activities."""
    membership = get_membership_for_user(request, pk, viewed=True)
    roles = request.roles
    return render(
        request,
        "development/competence.html",
        {
            "membership": membership,
            "attended": competence.attended(membership),
            "activities": membership.competence_activities.select_related("confirmed_by"),
            "is_member": is_the_member(roles, membership),
            "is_leader": is_the_leader(roles, membership),
            "leader_told": competence.leader_is_told(membership),
        },
    )


def report_back(request, pk: int, meeting_pk: int):
    """The member records, or corrects, that they reported back from a gathering."""
    membership = get_membership_to_record(request, pk)
    meeting = Meeting.objects.select_related("local_group", "committee").filter(pk=meeting_pk).first()
    if meeting is None:
        raise Http404("no such meeting")
    try:
        competence.check_may_report_back(membership, meeting)
    except competence.CompetenceError as refused:
        return render(
            request,
            "development/report_back_refused.html",
            {"membership": membership, "meeting": meeting, "reason": str(refused)},
            status=400,
        )
    report = ReportBack.objects.filter(membership=membership, meeting=meeting).first()
    # A new report starts empty: the member says when it was given.
    form = ReportBackForm(request.POST or None, initial=ReportBackForm.initial_for(report) if report else None)

    def save(_data):
        return competence.record_report_back(membership, meeting, by=request.user, request=request, **form.values())

    if run_form(request, form, save):
        messages.success(
            request,
            _("Referatet fra %(title)s er registrert. Lederen din ser det.") % {"title": meeting.title},
        )
        return redirect(_page_of(membership))
    when = date_format(timezone.localtime(meeting.starts_at), "WEEKDAY_DATE_FORMAT")
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Referat fra %(title)s") % {"title": meeting.title},
        intro=_(
            "Du var på %(title)s, %(organiser)s, %(when)s. Funksjonsbeskrivelsen ber deg gi referat fra "
            "samlingene til lederen din og til kollegene. Registrer her når og hvordan du gjorde det."
        )
        % {"title": meeting.title, "organiser": meeting.organiser, "when": when},
        submit=_("Lagre referatet") if report is None else _("Lagre endringen"),
        cancel_url=_page_of(membership),
    )


def _recorded_message(activity: CompetenceActivity, leader_told: bool) -> str:
    if leader_told:
        return _("Aktiviteten er registrert. %(leader)s har fått e-post og kan bekrefte den.") % {
            "leader": activity.membership.nearest_leader
        }
    return _(
        "Aktiviteten er registrert. Du har ingen nærmeste leder med e-postadresse i registeret, så ingen er bedt om "
        "å bekrefte den. Meld fra til sekretariatet hvem lederen din er."
    )


def activity_new(request, pk: int):
    membership = get_membership_to_record(request, pk)
    form = ActivityForm(request.POST or None)

    def save(_data):
        return competence.record_activity(membership, by=request.user, request=request, **form.values())

    activity = run_form(request, form, save)
    if activity:
        messages.success(request, _recorded_message(activity, competence.leader_is_told(membership)))
        return redirect(_page_of(membership))
    return render_form(
        request,
        "development/activity_form.html",
        form,
        membership=membership,
        title=_("Ny kompetanseaktivitet"),
        submit=_("Registrer aktiviteten"),
    )


def activity_edit(request, pk: int):
    activity = get_activity_for_user(request, pk, change=True)
    membership = activity.membership
    initial = {name: getattr(activity, name) for name in competence.ACTIVITY_FIELDS}
    form = ChangeActivityForm(request.POST or None, initial={**initial, "version": activity.version})
    was_confirmed = activity.confirmed_at is not None

    def save(data):
        return competence.change_activity(
            activity, expected_version=data["version"], by=request.user, request=request, **form.values()
        )

    saved = run_form(request, form, save)
    if saved:
        if was_confirmed and saved.confirmed_at is None:
            messages.success(
                request,
                _("Endringen er lagret. %(leader)s har fått e-post og bekrefter aktiviteten på nytt.")
                % {"leader": membership.nearest_leader}
                if competence.leader_is_told(membership)
                else _("Endringen er lagret. Aktiviteten må bekreftes på nytt av lederen din."),
            )
        else:
            messages.success(request, _("Endringen er lagret."))
        return redirect(_page_of(membership))
    return render_form(
        request,
        "development/activity_form.html",
        form,
        membership=membership,
        activity=activity,
        title=_("Endre %(title)s") % {"title": activity.title},
        submit=_("Lagre endringen"),
    )


@require_POST
def activity_delete(request, pk: int):
    activity = get_activity_for_user(request, pk, change=True)
    try:
        competence.delete_activity(activity, by=request.user, request=request)
    except competence.CompetenceError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Aktiviteten %(title)s er slettet.") % {"title": activity.title})
    return redirect(_page_of(activity.membership))


@require_POST
def activity_confirm(request, pk: int):
    """The nearest leader, signed in, confirms from the member's page."""
    activity = get_activity_to_confirm(request, pk)
    form = ConfirmActivityForm(request.POST)
    leader = activity.membership.nearest_leader
    if not form.is_valid():
        messages.error(request, _("Siden var utdatert. Se over aktiviteten og bekreft på nytt."))
    else:
        try:
            competence.confirm_activity(
                activity, leader=leader, expected_version=form.cleaned_data["version"], by=request.user, request=request
            )
        except competence.CompetenceError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Du har bekreftet %(title)s.") % {"title": activity.title})
    return redirect(_page_of(activity.membership))


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def activity_confirm_link(request, token: str):
    """The page the leader's e-mailed link opens, without signing in. Opening it confirms
    nothing (mail scanners open links): only the button (a POST) does."""
    found = competence.activity_for_token(token)
    if found is None:
        record(AuditAction.ACCESS_REFUSED, request=request, target="activity confirm link", changes={"status": 404})
        return render(request, "development/activity_confirm_invalid.html", status=404)
    activity, leader = found
    membership = activity.membership
    still_leader = membership.nearest_leader_id == leader.pk
    form = ConfirmActivityForm(request.POST or None, initial={"version": activity.version})
    status, error = (200 if still_leader else 410), ""
    if request.method == "POST" and still_leader and form.is_valid():
        try:
            competence.confirm_activity(
                activity, leader=leader, expected_version=form.cleaned_data["version"], request=request
            )
        except competence.CompetenceError as refused:
            # Confirm what the page shows now: the activity as it stands, with its version.
            error, status = str(refused), 409
            activity.refresh_from_db()
            form = ConfirmActivityForm(initial={"version": activity.version})
        else:
            return redirect(request.path)
    context = {"activity": activity, "membership": membership, "leader": leader, "still_leader": still_leader}
    return render(
        request, "development/activity_confirm.html", {**context, "form": form, "error": error}, status=status
    )


def _year_shown(year: int | None) -> int:
    today = timezone.localdate()
    year = today.year if year is None else year
    if year not in yearly.years_shown(today):
        raise Http404("no such year")
    return year


@require_GET
def network_competence(request, pk: int, year: int | None = None):
    """Competence in the network in a year: figures for the secretariat and the committee;
    the secretariat also downloads the activities with names."""
    names = request.GET.get("format") == "aktiviteter" and request.roles.runs_network(pk)
    network = get_network_for_user(request, pk, exported=names)
    year = _year_shown(year)
    runs = request.roles.runs_network(network.pk)
    if request.GET.get("format") == "xlsx":
        return _figures_xlsx(competence_figures.network_competence(network, year))
    if request.GET.get("format") == "aktiviteter":
        if not runs:
            raise Http404("names are the secretariat's")
        return _activities_xlsx(network, year)
    today = timezone.localdate()
    previous = year - 1 if year - 1 in yearly.years_to_browse(network.meetings.all(), today) else None
    return render(
        request,
        "development/network_competence.html",
        {
            "network": network,
            "year": year,
            "the_year": competence_figures.network_competence(network, year),
            "kinds": CompetenceActivity.Kind.choices,
            "runs": runs,
            "previous_year": previous,
            "next_year": year + 1 if year + 1 in yearly.years_shown(today) else None,
        },
    )


def _figures_xlsx(the_year: competence_figures.NetworkCompetenceYear):
    kinds = CompetenceActivity.Kind.choices
    headers = [_("Gruppe")]
    for _value, label in kinds:
        headers += [_("%(kind)s: antall") % {"kind": label}, _("%(kind)s: timer") % {"kind": label}]
    headers += [_("Samlinger deltatt"), _("Referat gitt"), _("Referat gitt (%)")]

    def line(name: str, figures) -> list:
        cells: list = [name]
        for value, _label in kinds:
            cells += [figures.kinds[value].count, float(figures.kinds[value].hours)]
        return [*cells, figures.attended, figures.reported, figures.reported_percent]

    rows = [line(row.group.name if row.group else _("Ukjent gruppe"), row.figures) for row in the_year.rows]
    rows.append(line(_("Hele nettverket"), the_year.totals.figures))
    return xlsx_response(
        f"kompetanse-{the_year.year}-{the_year.network.pk}.xlsx",
        _("Kompetanse %(year)s") % {"year": the_year.year},
        headers,
        rows,
    )


def _activities_xlsx(network, year: int):
    headers = [
        _("Navn"),
        _("Lokalgruppe"),
        _("Type"),
        _("Hva"),
        _("Hvor"),
        _("Fra"),
        _("Til"),
        _("Timer"),
        _("Bekreftet av"),
        _("Bekreftet"),
    ]
    rows = (
        [
            a.membership.person.full_name,
            a.membership.local_group.name,
            a.get_kind_display(),
            a.title,
            a.place,
            a.starts_on,
            a.ends_on,
            float(a.hours) if a.hours is not None else None,
            a.confirmed_by.full_name if a.confirmed_by else "",
            timezone.localdate(a.confirmed_at),
        ]
        for a in competence_figures.confirmed_activities(network, year)
    )
    return xlsx_response(
        f"kompetanseaktiviteter-{year}-{network.pk}.xlsx", _("Aktiviteter %(year)s") % {"year": year}, headers, rows
    )
