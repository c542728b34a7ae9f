"""Dates kept as ISO text (in JSON, such as a change's details), read as dates for the date filter."""

import datetime as dt

from django import template
from django.utils.dateparse import parse_date

register = template.Library()


@register.filter
def as_date(value: str | dt.date | None) -> dt.date | None:
    """'2026-03-01' as a date, so that `|date:"DATE_FORMAT"` writes it the Norwegian way."""
    if isinstance(value, dt.date) or not value:
        return value or None
    try:
        return parse_date(str(value)[:10])
    except ValueError:
        return None
