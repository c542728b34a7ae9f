"""The year of the meeting cycle: the overview of every group of a network (the secretariat
and the committee: figures only, no names of members), and one group's year with hours and
each member's attendance against the obligation (the secretariat and the group's leader)."""

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.core.spreadsheets import xlsx_response
from lindra.meetings import yearly
from lindra.meetings.access import get_group_year_for_user
from lindra.registry.access import get_network_for_user


def _year_shown(year: int | None, today: dt.date) -> int:
    year = today.year if year is None else year
    if year not in yearly.years_shown(today):
        raise Http404("no such year")
    return year


def _year_links(name: str, pk: int, year: int, today: dt.date, meetings) -> dict:
    back = year - 1 in yearly.years_to_browse(meetings, today)
    forward = year + 1 in yearly.years_shown(today)
    return {
        "previous_year": year - 1 if back else None,
        "previous_url": reverse(name, args=[pk, year - 1]) if back else "",
        "next_year": year + 1 if forward else None,
        "next_url": reverse(name, args=[pk, year + 1]) if forward else "",
    }


def _year_is_over(year: int, today: dt.date) -> bool:
    return year < today.year


@require_GET
def network_year(request, pk: int, year: int | None = None):
    """Every group's year at a glance; ?format=xlsx downloads the same table."""
    network = get_network_for_user(request, pk)
    today = timezone.localdate()
    year = _year_shown(year, today)
    overview = yearly.network_year(network, year, today)
    if request.GET.get("format") == "xlsx":
        return _network_year_xlsx(overview)
    return render(
        request,
        "meetings/network_year.html",
        {
            "network": network,
            "year": year,
            "overview": overview,
            "year_is_over": _year_is_over(year, today),
            "now": timezone.now(),
            # The committee sees the figures; the group's year names members, for those who run it.
            "links_to_groups": request.roles.runs_network(network.pk),
            **_year_links("meetings:network_year_for", network.pk, year, today, network.meetings.all()),
        },
    )


def _network_year_xlsx(overview: yearly.NetworkYear):
    headers = [
        _("Gruppe"),
        _("Møter planlagt"),
        _("Møter holdt"),
        _("Møter påkrevd"),
        _("Samlingstimer holdt"),
        _("Minste antall timer"),
        _("Innkallinger i tide"),
        _("Innkallinger for sent"),
        _("Referater i tide"),
        _("Referater for sent"),
        _("Oppmøte (%)"),
        _("Åpne oppfølginger"),
        _("Møter uten representant fra driftsgruppen"),
    ]

    def line(name, meetings, invitations, minutes, attendance, follow_ups, without_representative):
        return [
            name,
            meetings.planned,
            meetings.held,
            meetings.required,
            meetings.hours,
            overview.minimum_hours,
            invitations.on_time,
            invitations.late,
            minutes.on_time,
            minutes.late,
            attendance.percent,
            follow_ups,
            without_representative,
        ]

    rows = [
        line(
            r.group.name,
            r.meetings,
            r.invitations,
            r.minutes,
            r.attendance,
            r.open_follow_ups,
            r.without_representative,
        )
        for r in overview.rows
    ]
    t = overview.totals
    rows.append(
        line(
            _("Hele nettverket"), t, t.invitations, t.minutes, t.attendance, t.open_follow_ups, t.without_representative
        )
    )
    rows += [[], [_("Fagdag"), fagdag_in_words(overview)]]
    return xlsx_response(
        f"aret-{overview.year}-{overview.network.pk}.xlsx", _("Året %(year)s") % {"year": overview.year}, headers, rows
    )


def fagdag_in_words(overview: yearly.NetworkYear) -> str:
    """Whether the year's fagdag was held: when and how many came, or that it was not (yet)."""
    held = [
        _("holdt %(date)s, %(present)s medlemmer til stede")
        % {"date": date_format(f.day, "DATE_FORMAT"), "present": f.present or 0}
        for f in overview.fagdags_held
    ]
    planned = [_("planlagt %(date)s") % {"date": date_format(f.day, "DATE_FORMAT")} for f in overview.fagdags_planned]
    return "; ".join(held + planned) or _("ikke holdt")


@require_GET
def group_year(request, pk: int, year: int | None = None):
    group = get_group_year_for_user(request, pk, viewed=True)
    today = timezone.localdate()
    year = _year_shown(year, today)
    return render(
        request,
        "meetings/group_year.html",
        {
            "group": group,
            "year": year,
            "the_year": yearly.group_year(group, year, today),
            "now": timezone.now(),
            "year_is_over": _year_is_over(year, today),
            "policy": group.network.policy,
            "sees_network_year": request.roles.sees_network(group.network_id),
            **_year_links("meetings:group_year_for", group.pk, year, today, group.meetings.all()),
        },
    )
