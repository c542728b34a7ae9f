"""{% name_list_rows rows full_details %}: the rows of a group's name list, made in Python: a
large group has hundreds of members, and the same markup from template tags cost most of the
page's time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lindra.core.tables import url_for_each

register = template.Library()


def _mail_link(email: str) -> str:
    return f'<a class="ds-link" href="mailto:{escape(email)}">{escape(email)}</a>' if email else ""


@register.simple_tag
def name_list_rows(rows, full_details: bool) -> str:
    """A <tr> per member: name (a link to the person for those who see all details), leave,
    workplace and e-mail; with all details also the phone and the nearest leader."""
    person_url = url_for_each("registry:person")
    leave, none = escape(_("permisjon")), escape(_("Mangler"))  # outside f-strings, for makemessages
    on_leave = f' <span class="ds-tag" data-color="warning">{leave}</span>'
    missing = f'<span class="muted">{none}</span>'

    def row_of(row) -> str:
        name = escape(str(row.person))
        if full_details:
            name = f'<a class="ds-link" href="{person_url(row.person.pk)}">{name}</a>'
        cells = [
            f"<td>{name}{on_leave if row.on_leave else ''}</td>",
            f"<td>{escape(str(row.workplace)) if row.workplace else '–'}</td>",
            f"<td>{_mail_link(row.person.email)}</td>",
        ]
        if full_details:
            leader = missing
            if row.nearest_leader:
                leader = escape(str(row.nearest_leader))
                if row.nearest_leader.email:
                    leader += f"<br>{_mail_link(row.nearest_leader.email)}"
            cells += [f'<td class="nowrap">{escape(row.person.phone)}</td>', f"<td>{leader}</td>"]
        return f"<tr>{''.join(cells)}</tr>"

    return mark_safe("\n".join(row_of(row) for row in rows))  # every value in it is escaped above
