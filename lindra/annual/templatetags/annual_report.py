"""Template filters of the annual report's figures, which are kept as plain values (JSON), and
the rows of its long tables made in Python: a network of hundreds of local groups has a row per
group in several tables, and the same markup from template tags cost most of the page's time."""

import datetime as dt

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format, localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def iso_date(value: str | None, style: str = "DATE_FORMAT") -> str:
    """An ISO date from the figures, as the pages write dates."""
    return date_format(dt.date.fromisoformat(value), style) if value else ""


@register.filter
def change(now, before) -> str:
    """The change from the previous year, with its sign: «+3», «−2», «0»; empty when either is
    unknown."""
    if now is None or before is None:
        return ""
    difference = round(now - before, 1)
    if difference == int(difference):
        difference = int(difference)
    text = f"{abs(difference):g}".replace(".", ",")
    return f"+{text}" if difference > 0 else f"−{text}" if difference < 0 else "0"


@register.filter
def without_topics(groups: list[dict]) -> int:
    """How many of the local networks covered no topic of the competence plan."""
    return sum(1 for g in groups if not g["topics"])


def _cell(value) -> str:
    """A figure as the template shows it, escaped: a whole number as it is (numbers are not
    grouped in thousands), a text escaped, anything else localised; «–» for none."""
    if value is None:
        return "–"
    if type(value) is int:
        return str(value)
    return escape(value if isinstance(value, str) else localize(value))


@register.simple_tag
def group_rows(figures: dict) -> str:
    """A <tr> per local group of the year: members, meetings held against the requirement, hours
    against the minimum (when the network has one), attendance and hospiteringer. The words are
    translated and escaped once."""
    members, meetings, hours = escape(_("Medlemmer")), escape(_("Møter holdt / krav")), escape(_("Timer / minstekrav"))
    attendance, hospitering = escape(_("Oppmøte")), escape(_("Hospiteringer"))
    below = escape(_("(under kravet)"))  # outside the f-string, where makemessages finds it
    short = f' <span class="short">{below}</span>'
    with_hours = figures["minimum_hours"] is not None
    hours_shown: dict[float, str] = {}  # the same few sums of hours come back row after row

    def row_of(g: dict) -> str:
        hours_cell = ""
        if with_hours:
            if g["hours"] not in hours_shown:
                hours_shown[g["hours"]] = escape(floatformat(g["hours"], "-1"))
            hours_cell = (
                f'<td class="numeric" data-label="{hours}">{hours_shown[g["hours"]]} / '
                f"{_cell(g['minimum_hours'])}{'' if g['meets_hours'] else short}</td>"
            )
        percent = "–" if g["attendance_percent"] is None else f"{_cell(g['attendance_percent'])} %"
        return (
            f'<tr><th scope="row">{escape(g["name"])}</th>'
            f'<td class="numeric" data-label="{members}">{_cell(g["members"])}</td>'
            f'<td class="numeric" data-label="{meetings}">{_cell(g["held"])} / {_cell(g["required"])}'
            f"{'' if g['meets_meetings'] else short}</td>{hours_cell}"
            f'<td class="numeric" data-label="{attendance}">{percent}</td>'
            f'<td class="numeric" data-label="{hospitering}">{_cell(g["hospitering"])}</td></tr>'
        )

    if not figures["groups"]:
        none = escape(_("Ingen lokale nettverk i året."))
        return mark_safe(f'<tr><td colspan="6">{none}</td></tr>')
    return mark_safe("\n".join(row_of(g) for g in figures["groups"]))  # every value in it is escaped above


@register.simple_tag
def chart_rows(rows: list[list]) -> str:
    """The <tr>s of a chart's table: the first cell of each row heads it, the others are figures."""

    def row_of(first, *figures) -> str:
        cells = "".join(f'<td class="numeric">{_cell(figure)}</td>' for figure in figures)
        return f'<tr><th scope="row">{escape(first)}</th>{cells}</tr>'

    return mark_safe("".join(row_of(*row) for row in rows))  # every value in it is escaped


@register.simple_tag
def count_rows(rows: list[list]) -> str:
    """The <tr>s of a table of members counted by one thing: [what, how many]."""
    if not rows:
        none = escape(_("Ingen medlemmer."))
        return mark_safe(f'<tr><td colspan="2">{none}</td></tr>')
    return mark_safe(  # every value in it is escaped by _cell
        "".join(f'<tr><th scope="row">{escape(what)}</th><td class="numeric">{_cell(n)}</td></tr>' for what, n in rows)
    )
