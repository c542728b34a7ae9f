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
    """The value in words; `short` writes dates short, as 18.3.2025 in bokmål (for the tables)."""
    short = style == "short"
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return gettext("Ja") if value else gettext("Nei")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT" if short else "DATE_AT_TIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT" if short else "DATE_FORMAT")
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
