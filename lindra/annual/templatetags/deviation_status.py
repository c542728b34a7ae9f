"""{% deviation_status deviation %}: where a deviation is, as a tag: with the group's leader, the
operations group or the secretariat, or closed (locally); {% deviation_reported deviation today %}:
where and when it was reported, and its due date. Tags, not included templates or blocks of
translated text, as lists of deviations on the home pages may be long."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from lindra.annual.models import Deviation

register = template.Library()

COLORS = {Deviation.Status.CLOSED: "success", Deviation.Status.ESCALATED: "info"}


@register.simple_tag
def deviation_status(deviation: Deviation) -> str:
    if deviation.status == Deviation.Status.REPORTED:
        text = _("hos gruppelederen")
    elif deviation.status == Deviation.Status.ESCALATED:
        text = _("hos %(who)s") % {"who": deviation.committee or _("sekretariatet")}
    elif deviation.closed_locally:
        text = _("lukket lokalt")
    else:
        text = _("lukket")
    return format_html('<span class="ds-tag" data-color="{}">{}</span>', COLORS.get(deviation.status, "warning"), text)


@register.simple_tag
def deviation_reported(deviation: Deviation, today: dt.date | str) -> str:
    """The group (or the network), the day it was reported, and the due date, marked once passed
    (a list given no today, "", marks none)."""
    where = deviation.local_group or deviation.network.short_name
    reported = _("meldt %(when)s") % {"when": date_format(timezone.localtime(deviation.reported_at), "DATE_FORMAT")}
    if deviation.due_on is None:
        return format_html("{} · {}", where, reported)
    due = date_format(deviation.due_on, "DATE_FORMAT")
    if isinstance(today, dt.date) and deviation.due_on < today:
        return format_html("{} · {} · <strong>{}</strong>", where, reported, _("fristen var %(when)s") % {"when": due})
    return format_html("{} · {} · {}", where, reported, _("frist %(when)s") % {"when": due})
