"""The yearly questionnaire on pages of the layers below: the member's year shows whether the
member answered the year's annual reporting (seed 004), which development cannot know."""

from dataclasses import dataclass

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from lindra.annual import questionnaires
from lindra.annual.models import Questionnaire, Respondent
from lindra.annual.rules import QuestionnaireState
from lindra.development.rules import STATUS_COLORS, STATUS_LABELS, TaskStatus
from lindra.development.year import ToldTask

register = template.Library()


@dataclass(frozen=True)
class Reporting:
    status: TaskStatus
    text: str
    link: str = ""  # the answer page, for the member themself while open

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def color(self) -> str:
        return STATUS_COLORS[self.status]


@register.simple_tag
def annual_reporting_of(membership, year: int, *, for_member: bool = False) -> Reporting | None:
    """The member's annual reporting of the year, or None when the network sent no
    questionnaire for it in Lindra. Two queries."""
    return reportings([membership], year, for_member=for_member)[membership.pk]


def reportings(memberships, year: int, *, for_member: bool = False) -> dict[int, Reporting | None]:
    respondents = {
        r.membership_id: r
        for r in Respondent.objects.filter(
            membership__in=[m.pk for m in memberships], questionnaire__year=year, role=Respondent.Role.MEMBER
        )
        .select_related("questionnaire")
        .order_by("questionnaire__opens_on")
    }
    sent = set(
        Questionnaire.objects.filter(
            network_id__in={m.network_id for m in memberships}, year=year, sent_at__isnull=False
        ).values_list("network_id", flat=True)
    )
    return {m.pk: _reporting(respondents.get(m.pk), m.network_id in sent, for_member) for m in memberships}


def told_reportings(memberships, year: int) -> dict[int, ToldTask | None]:
    """The annual reporting of each membership, as the tables and spreadsheets of members'
    years in development take it. Two queries."""
    return {
        pk: ToldTask(r.status, r.label, r.text) if r is not None else None
        for pk, r in reportings(memberships, year).items()
    }


def _reporting(respondent: Respondent | None, sent: bool, for_member: bool) -> Reporting | None:
    if respondent is None:
        if sent:
            return Reporting(TaskStatus.NOT_APPLICABLE, _("Ikke spurt: var ikke aktiv da skjemaet ble sendt ut."))
        return None
    questionnaire = respondent.questionnaire
    if respondent.answered_on:
        day = formats.date_format(respondent.answered_on, "DATE_FORMAT")
        return Reporting(TaskStatus.DONE, _("Svart %(day)s.") % {"day": day})
    if questionnaires.state_of(questionnaire) == QuestionnaireState.OPEN:
        day = formats.date_format(questionnaire.closes_on, "DATE_FORMAT")
        link = questionnaires.answer_path(respondent) if for_member else ""
        return Reporting(TaskStatus.NOT_DUE, _("Ikke svart ennå. Åpent til %(day)s.") % {"day": day}, link)
    return Reporting(TaskStatus.NOT_YET, _("Ikke svart før skjemaet stengte."))
