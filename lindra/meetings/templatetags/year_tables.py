"""{% network_year_rows %}: the rows of the year's table of every group of a network, made in
Python: the table has a row per group, hundreds of them, and the same markup from template
tags cost most of the page's time."""

from html import escape  # Django's escape() gives the same text at several times the cost per call

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lindra.core.tables import url_for_each

register = template.Library()


def _tag(color: str, text) -> str:
    return format_html('<span class="ds-tag" data-color="{}" data-size="sm">{}</span>', color, text)


@register.simple_tag
def network_year_rows(overview, year: int, year_is_over: bool, links_to_groups: bool) -> str:
    """A <tr> per group: meetings held and hours against the policy, invitations and minutes on
    time or late, attendance, open follow-ups and meetings without a representative. The words
    are translated and escaped once, the numbers need no escaping, and the rows are joined as
    plain strings (format_html per cell would cost several times as much)."""
    of = escape(pgettext("12 av 15", "av"))
    planned_word = escape(pgettext("3 planlagt", "planlagt"))
    on_time_word = escape(pgettext("3 i tide", "i tide"))
    late_word = escape(pgettext("1 for sent", "for sent"))
    closed_word = escape(pgettext("gruppen avsluttet 1.6.2024", "avsluttet"))
    without_word = escape(pgettext("2 uten representant", "uten representant"))
    tags = {
        True: _tag("success", _("oppfylt")),
        False: (_tag("danger", _("ikke oppfylt")) if year_is_over else _tag("warning", _("ikke ennå"))),
    }
    minimum = overview.minimum_hours
    group_url = url_for_each("meetings:group_year_for", year)
    hours_shown: dict[float, str] = {}  # the same few sums of hours come back row after row

    def name(group) -> str:
        shown = escape(group.name)
        if links_to_groups:
            shown = f'<a class="ds-link" href="{group_url(group.pk)}">{shown}</a>'
        if group.closed_on:
            shown += f' <span class="muted">({closed_word} {date_filter(group.closed_on, "SHORT_DATE_FORMAT")})</span>'
        return shown

    def hours(m) -> str:
        if m.hours not in hours_shown:
            hours_shown[m.hours] = escape(floatformat(m.hours, "-1"))
        if not minimum:
            return hours_shown[m.hours]
        return f'<span class="nowrap">{hours_shown[m.hours]} {of} {int(minimum)}</span> {tags[m.meets_hours]}'

    def deadlines(d) -> str:
        late = f' <span class="ds-tag" data-color="danger" data-size="sm">{int(d.late)} {late_word}</span>'
        return f'<span class="nowrap">{int(d.on_time)} {on_time_word}</span>{late if d.late else ""}'

    def without(n: int) -> str:
        if n:
            return f'<span class="ds-tag" data-color="warning" data-size="sm">{int(n)} {without_word}</span>'
        return f'<span class="nowrap">{int(n)} {without_word}</span>'

    def row_of(row) -> str:
        m = row.meetings
        percent = "–" if row.attendance.percent is None else f"{int(row.attendance.percent)} %"
        return (
            f'<tr><th scope="row">{name(row.group)}</th>'
            f'<td><span class="nowrap">{int(m.held)} {of} {int(m.required)}</span> {tags[m.meets_meetings]}'
            f'<br><span class="muted nowrap">{int(m.planned)} {planned_word}</span></td>'
            f"<td>{hours(m)}</td><td>{deadlines(row.invitations)}</td><td>{deadlines(row.minutes)}</td>"
            f'<td class="nowrap">{percent}</td><td>{int(row.open_follow_ups)}</td>'
            f"<td>{without(row.without_representative)}</td></tr>"
        )

    return mark_safe("\n".join(row_of(row) for row in overview.rows))  # every value in it is escaped above


@register.simple_tag
def group_year_member_rows(the_year) -> str:
    """A <tr> per member of a group's year: the name (a link to the member's attendance of the
    year), joined or ended during it, meetings attended against those expected, absences,
    leaves, and whether the obligation is met or followed up. Made like network_year_rows: the
    words translated and escaped once, each name and date escaped, the rows joined as strings."""
    of = escape(pgettext("12 av 15", "av"))
    none_registered = escape(_("ingen møter registrert"))  # outside the f-string, for makemessages
    no_marks = f'<span class="muted">{none_registered}</span>'
    attended_all = _tag("success", _("møtt på alle"))
    follow_up_closed = _tag("neutral", _("oppfølging avsluttet"))
    follow_up_open = _tag("warning", _("oppfølging åpen"))
    needs_follow_up = _tag("danger", _("bør følges opp"))
    attendance_url = url_for_each("meetings:member_attendance_year", the_year.year)
    follow_up_url = url_for_each("meetings:follow_up")

    def day(format_name: str):
        shown: dict = {}  # the same few days come back row after row

        def of_day(value) -> str:
            if value not in shown:
                shown[value] = escape(date_filter(value, format_name))
            return shown[value]

        return of_day

    short_date, month_day = day("SHORT_DATE_FORMAT"), day("SHORT_MONTH_DAY_FORMAT")

    def name(row) -> str:
        shown = f'<a class="ds-link" href="{attendance_url(row.membership_id)}">{escape(row.name)}</a>'
        if row.joined_on:
            joined = escape(_("ny fra %(date)s") % {"date": month_day(row.joined_on)})
            shown += f'<br><span class="muted nowrap">{joined}</span>'
        if row.ended_on:
            ended = escape(_("sluttet %(date)s") % {"date": month_day(row.ended_on)})
            shown += f'<br><span class="muted nowrap">{ended}</span>'
        return shown

    def leave(period) -> str:
        if period.ends_on:
            return f"{short_date(period.starts_on)}–{short_date(period.ends_on)}"
        return escape(_("fra %(date)s") % {"date": short_date(period.starts_on)})

    def leaves(row) -> str:
        return "<br>".join(f'<span class="nowrap">{leave(p)}</span>' for p in row.leaves) or "–"

    def status(row) -> str:
        o = row.obligation
        met = no_marks if not o.expected else attended_all if o.meets else ""
        followed = ""
        if row.follow_up:
            tag = follow_up_closed if row.follow_up.closed_at else follow_up_open
            followed = f'<a href="{follow_up_url(row.follow_up.pk)}">{tag}</a>'
        elif o.needs_follow_up:
            followed = needs_follow_up
        return f"{met} {followed}"

    def row_of(row) -> str:
        o = row.obligation
        return (
            f'<tr><th scope="row">{name(row)}</th><td class="nowrap">{int(o.attended)} {of} {int(o.expected)}</td>'
            f"<td>{int(o.absences)}</td><td>{leaves(row)}</td><td>{status(row)}</td></tr>"
        )

    return mark_safe("\n".join(row_of(row) for row in the_year.members))  # every value in it is escaped above
