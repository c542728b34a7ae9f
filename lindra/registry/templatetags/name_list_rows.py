"""{% name_list_rows rows full_details %}: the rows of a group's name list, made in Python: a
large group has hundreds of members, and the same markup from template tags cost most of the
page's time."""

from html import escape  # Django's escape() gives the same text at several times the cost per call

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lindra.core.tables import url_for_each

register = template.Library()


def _mail_link(email: str) -> str:
    return f'<a class="ds-link" href="mailto:{escape(email)}">{escape(email)}</a>' if email else ""


@register.simple_tag
def name_list_rows(lines, full_details: bool) -> str:
    """A <tr> per member (queries.name_list_lines): name (a link to the person for those who
    see all details), leave, workplace and e-mail; with all details also the phone and the
    nearest leader."""
    person_url = url_for_each("registry:person")
    leave, none = escape(_("permisjon")), escape(_("Mangler"))  # outside f-strings, for makemessages
    on_leave = f' <span class="ds-tag" data-color="warning">{leave}</span>'
    missing = f'<span class="muted">{none}</span>'

    def row_of(line) -> str:
        name = escape(line.name)
        if full_details:
            name = f'<a class="ds-link" href="{person_url(line.person_id)}">{name}</a>'
        cells = [
            f"<td>{name}{on_leave if line.on_leave else ''}</td>",
            f"<td>{escape(line.workplace) if line.workplace else '–'}</td>",
            f"<td>{_mail_link(line.email)}</td>",
        ]
        if full_details:
            leader = missing
            if line.leader:
                leader = escape(line.leader)
                if line.leader_email:
                    leader += f"<br>{_mail_link(line.leader_email)}"
            cells += [f'<td class="nowrap">{escape(line.phone)}</td>', f"<td>{leader}</td>"]
        return f"<tr>{''.join(cells)}</tr>"

    return mark_safe("\n".join(row_of(line) for line in lines))  # every value in it is escaped above
