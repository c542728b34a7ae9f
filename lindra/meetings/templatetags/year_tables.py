"""{% network_year_rows %}: the rows of the year's table of every group of a network, made in
Python: the table has a row per group, hundreds of them, and the same markup from template
tags cost most of the page's time."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils.html import escape, format_html, format_html_join
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
    leaves, and whether the obligation is met or followed up."""
    of = pgettext("12 av 15", "av")
    no_marks = format_html('<span class="muted">{}</span>', _("ingen møter registrert"))
    attended_all = _tag("success", _("møtt på alle"))
    follow_up_closed = _tag("neutral", _("oppfølging avsluttet"))
    follow_up_open = _tag("warning", _("oppfølging åpen"))
    needs_follow_up = _tag("danger", _("bør følges opp"))
    attendance_url = url_for_each("meetings:member_attendance_year", the_year.year)

    def name(row):
        shown = format_html('<a class="ds-link" href="{}">{}</a>', attendance_url(row.membership.pk), row.person)
        if row.joined_on:
            joined = _("ny fra %(date)s") % {"date": date_filter(row.joined_on, "SHORT_MONTH_DAY_FORMAT")}
            shown = format_html('{}<br><span class="muted nowrap">{}</span>', shown, joined)
        if row.ended_on:
            ended = _("sluttet %(date)s") % {"date": date_filter(row.ended_on, "SHORT_MONTH_DAY_FORMAT")}
            shown = format_html('{}<br><span class="muted nowrap">{}</span>', shown, ended)
        return shown

    def leave(period):
        if period.ends_on:
            return "–".join(date_filter(day, "SHORT_DATE_FORMAT") for day in (period.starts_on, period.ends_on))
        return _("fra %(date)s") % {"date": date_filter(period.starts_on, "SHORT_DATE_FORMAT")}

    def status(row):
        o = row.obligation
        met = no_marks if not o.expected else attended_all if o.meets else ""
        followed = ""
        if row.follow_up:
            tag = follow_up_closed if row.follow_up.closed_at else follow_up_open
            followed = format_html('<a href="{}">{}</a>', row.follow_up.get_absolute_url(), tag)
        elif o.needs_follow_up:
            followed = needs_follow_up
        return format_html("{} {}", met, followed)

    return format_html_join(
        "\n",
        '<tr><th scope="row">{}</th><td class="nowrap">{} {} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                name(row),
                row.obligation.attended,
                of,
                row.obligation.expected,
                row.obligation.absences,
                format_html_join("<br>", '<span class="nowrap">{}</span>', ((leave(p),) for p in row.leaves)) or "–",
                status(row),
            )
            for row in the_year.members
        ),
    )
