"""{% members_year_rows page year group openable %}: the rows of a page of the table of the
members' years, made in Python: a row per member with a cell per task, and the same markup
from template tags cost most of the page's time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from lindra.core.tables import url_for_each
from lindra.development.rules import STATUS_LABELS

register = template.Library()


@register.simple_tag
def members_year_rows(rows, year: int, group, openable: set[int] | None) -> str:
    """A <tr> per member: the name (a link to the member's year where the viewer may open it),
    the group (on a network's table) and workplace, and each task's status and text."""
    member_year_url = url_for_each("development:member_year", year)

    def who(m) -> str:
        name = escape(m.full_name)
        if openable is None or m.pk in openable:
            name = f'<a class="ds-link" href="{member_year_url(m.pk)}">{name}</a>'
        where = escape(m.workplace_name if group else f"{m.group_name}, {m.workplace_name}")
        return f'{name}<br><span class="muted" data-size="sm">{where}</span>'

    # Rows of seven cells: escaped and joined as plain strings (format_html per cell costs
    # several times as much).
    labels = {status: escape(label) for status, label in STATUS_LABELS.items()}

    def cells(row) -> str:
        return "".join(
            f'<td><span class="ds-tag" data-color="{cell.color}" data-size="sm">{labels[cell.status]}</span>'
            f'<br><span data-size="sm">{escape(cell.text)}</span></td>'
            for cell in row.cells
        )

    return mark_safe(  # every value in it is escaped above
        "\n".join(f'<tr><th scope="row">{who(row.membership)}</th>{cells(row)}</tr>' for row in rows)
    )
