"""{% options choices selected %}: the <option> elements of a long menu (the municipalities of
a network's members, hundreds of them) in one string, where a template loop would spend a
good part of the page's time on them."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def options(choices, selected) -> str:
    """An <option> per (value, label) pair, the one whose value is `selected` (compared as
    text, as a value from the query string is) marked as selected."""
    chosen = str(selected)
    return mark_safe(  # every value and label in it is escaped
        "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>{escape(label)}</option>'
            for value, label in choices
        )
    )
