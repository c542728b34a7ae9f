"""Template filters of the annual report's figures, which are kept as plain values (JSON)."""

import datetime as dt

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def iso_date(value: str | None, style: str = "DATE_FORMAT") -> str:
    """An ISO date from the figures, as the pages write dates."""
    return date_format(dt.date.fromisoformat(value), style) if value else ""


@register.filter
def change(now, before) -> str:
    """The change from the previous year, with its sign: «+3», «−2», «0»; empty when either is
    unknown."""
    if now is None or before is None:
        return ""
    difference = round(now - before, 1)
    if difference == int(difference):
        difference = int(difference)
    text = f"{abs(difference):g}".replace(".", ",")
    return f"+{text}" if difference > 0 else f"−{text}" if difference < 0 else "0"


@register.filter
def without_topics(groups: list[dict]) -> int:
    """How many of the local networks covered no topic of the competence plan."""
    return sum(1 for g in groups if not g["topics"])
