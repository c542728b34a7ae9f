"""{% deviation_status deviation %}: where a deviation is, as a tag: with the group's leader, the
operations group or the secretariat, or closed (locally). A tag, not an included template, as
lists of deviations on the home pages may be long."""

from django import template
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
