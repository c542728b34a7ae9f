"""Values of a person's own data as the PDF writes them: Norwegian dates, yes and no, lists."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

register = template.Library()


@register.filter
def cell(value, style: str = "") -> str:
    """The value in words; `short` writes dates as 18.03.2025 (for the tables)."""
    short = style == "short"
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return gettext("Ja") if value else gettext("Nei")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "d.m.Y H.i" if short else "j. F Y \\k\\l. H.i")
    if isinstance(value, dt.date):
        return date_format(value, "d.m.Y" if short else "j. F Y")
    if isinstance(value, Decimal | float):
        return number_format(value, decimal_pos=1)
    if isinstance(value, list | tuple):
        return ", ".join(cell(item, style) for item in value)
    return str(value)


@register.filter
def get(row: dict, key: str):
    return row.get(key)


@register.filter
def cell_class(value) -> str:
    """Dates and numbers stay on one line; free text keeps its line breaks."""
    return "moment" if isinstance(value, dt.date | Decimal | int | float) else "text"
