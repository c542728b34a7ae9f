"""The member's year (seed 004's fixed tasks with their status), the table of the members'
years of a group or a network, and the nearest leader's page of their staff."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.core.spreadsheets import xlsx_response
from lindra.development import rules
from lindra.development import year as the_year
from lindra.meetings import yearly
from lindra.meetings.access import get_group_year_for_user
from lindra.registry.access import get_membership_for_user, get_network_for_user
from lindra.registry.rules import is_current

# The rows of a table shown at once: a network has thousands of members; the counts above the
# table and the spreadsheet take every one.
ROWS_PER_PAGE = 100


def _year_links(name: str, pk: int, year: int, years: range) -> dict:
    return {
        "previous_url": reverse(name, args=[pk, year - 1]) if year - 1 in years else "",
        "previous_year": year - 1,
        "next_url": reverse(name, args=[pk, year + 1]) if year + 1 in years else "",
        "next_year": year + 1,
    }


@require_GET
def member_year(request, membership_id: int, year: int):
    """One member's year: each fixed task with its status, for the member, the nearest
    leader, the group's leader and the secretariat (those who see the membership)."""
    membership = get_membership_for_user(request, membership_id, viewed=True)
    today = timezone.localdate()
    years = the_year.years_of(membership, today)
    if year not in years:
        raise Http404(f"membership {membership_id} has no year {year}")
    roles = request.roles
    result = the_year.member_year(membership, year, today)
    return render(
        request,
        "development/member_year.html",
        {
            "membership": membership,
            "year": year,
            "the_year": result,
            "is_member": membership.person_id == roles.person_id,
            "is_leader": membership.nearest_leader_id is not None and membership.nearest_leader_id == roles.person_id,
            "reports_change": membership.person_id == roles.person_id or membership.person_id in roles.staff,
            **_year_links("development:member_year", membership.pk, year, years),
        },
    )


def _table_years(today) -> range:
    """From the first year the meeting cycle knows up to this year."""
    return range(yearly.FIRST_YEAR, today.year + 1)


@require_GET
def group_members_year(request, pk: int, year: int):
    """The members' years of a group: the group's leader and the secretariat."""
    group = get_group_year_for_user(request, pk, viewed=True, exported=request.GET.get("format") == "xlsx")
    today = timezone.localdate()
    if year not in _table_years(today):
        raise Http404(f"year {year}")
    table = the_year.group_table(group, year, today)
    if request.GET.get("format") == "xlsx":
        return _xlsx(table, f"medlemmenes-ar-{year}-gruppe-{group.pk}.xlsx", group.name)
    return _table_page(
        request,
        table,
        title=group.name,
        group=group,
        openable=_openable(request.roles, group, today),
        **_year_links("development:group_members_year", pk, year, _table_years(today)),
    )


@require_GET
def network_members_year(request, pk: int, year: int):
    """The members' years of a whole network: its secretariat."""
    exported = request.GET.get("format") == "xlsx"
    network = get_network_for_user(request, pk, change=True, viewed=True, exported=exported)
    today = timezone.localdate()
    if year not in _table_years(today):
        raise Http404(f"year {year}")
    table = the_year.network_table(network, year, today)
    if request.GET.get("format") == "xlsx":
        return _xlsx(table, f"medlemmenes-ar-{year}-nettverk-{network.pk}.xlsx", network.name)
    return _table_page(
        request,
        table,
        title=network.name,
        network=network,
        **_year_links("development:network_members_year", pk, year, _table_years(today)),
    )


def _openable(roles, group, today) -> Callable[[the_year.TableRow], bool] | None:
    """Whether the viewer may open a row's member's year: all for the network's secretariat
    (None); for a group leader, those who are members of a group they lead today, since a
    former member's page is no longer theirs to see."""
    if roles.is_superuser or group.network_id in roles.secretariat_networks:
        return None
    return lambda row: (
        row.membership.local_group_id in roles.led_groups
        and is_current(row.membership.starts_on, row.membership.ends_on, today)
    )


def _table_page(request, table, *, openable: Callable[[the_year.TableRow], bool] | None = None, **context):
    """A page of ROWS_PER_PAGE rows (?side=N), the counts above them of every member."""
    page = Paginator(table.rows, ROWS_PER_PAGE).get_page(request.GET.get("side"))
    opened = None if openable is None else {row.membership.pk for row in page if openable(row)}
    return render(
        request,
        "development/members_year.html",
        {"table": table, "page": page, "year": table.year, "tasks": list(rules.Task), "openable": opened, **context},
    )


def _xlsx(table: the_year.YearTable, filename: str, name: str):
    tasks = list(rules.Task)
    headers = [_("Etternavn"), _("Fornavn"), _("Lokalgruppe"), _("Arbeidssted")]
    for task in tasks:
        label = str(rules.TASK_LABELS[task])
        headers += [label, _("%(task)s: status") % {"task": label}]
    labels = {status: str(label) for status, label in rules.STATUS_LABELS.items()}
    rows = []
    for row in table.rows:
        m = row.membership
        line = [m.family_name, m.given_name, m.group_name, m.workplace_name]
        for cell in row.cells:
            line += [labels[cell.status], cell.text]
        rows.append(line)
    totals = [_("Gjort"), "", "", ""]
    for column in table.columns:
        totals += [column.done, _("%(done)s av %(asked)s") % {"done": column.done, "asked": column.asked}]
    rows.append(totals)
    return xlsx_response(filename, _("Medlemmenes år %(year)s") % {"year": table.year}, headers, rows)


@require_GET
def staff(request):
    """The nearest leader's page: their staff by network and group, this year's attendance and
    tasks, what the leader owes, the minutes received, and reporting a change."""
    roles = request.roles
    if not roles.is_nearest_leader:
        record(AuditAction.ACCESS_REFUSED, request=request, target="staff", changes={"status": 404})
        return render(request, "development/staff_none.html", status=404)
    chosen = request.GET.get("meld", "")
    today = timezone.localdate()
    page = the_year.staff_page(roles, request.user.person.email or "", today)
    by_id = {str(s.membership.pk): s for s in page.staff}
    if chosen in by_id:
        return redirect("registry:report_change", by_id[chosen].membership.pk)
    return render(
        request,
        "development/staff.html",
        {"page": page, "year": page.year, "chosen_missing": bool(chosen), "tasks": list(rules.Task)},
        status=400 if chosen else 200,
    )
