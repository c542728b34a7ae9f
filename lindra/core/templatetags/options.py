"""{% options choices selected %}: the <option> elements of a long menu (the municipalities of
a network's members, hundreds of them) in one string, where a template loop would spend a
good part of the page's time on them."""

from html import escape  # Django's escape() gives the same text at several times the cost per call

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def options(choices, selected) -> str:
    """An <option> per (value, label) pair, the one whose value is `selected` (compared as
    text, as a value from the query string is) marked as selected."""
    chosen = str(selected)

    def option(value, label) -> str:
        value = str(value)
        return f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(str(label))}</option>'

    return mark_safe("".join(option(value, label) for value, label in choices))  # every value and label escaped
