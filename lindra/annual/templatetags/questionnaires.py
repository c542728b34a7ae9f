"""The yearly questionnaire on pages of the layers below: the member's year shows whether the
member answered the year's annual reporting (seed 004), which development cannot know."""

import datetime as dt
from dataclasses import dataclass

from django import template
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from lindra.annual import questionnaires
from lindra.annual.models import Questionnaire, Respondent
from lindra.annual.rules import QuestionnaireState, questionnaire_state
from lindra.development.rules import STATUS_LABELS, TaskStatus, said
from lindra.development.year import ToldTask
from lindra.registry.models import Membership

register = template.Library()


@dataclass(frozen=True)
class Reporting(ToldTask):
    """The member's annual reporting: what the tables of members' years are told of it, with
    the way to answer it."""

    link: str = ""  # the answer page, for the member themself while open

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


@register.simple_tag
def annual_reporting_of(membership, year: int, *, for_member: bool = False) -> Reporting | None:
    """The member's annual reporting of the year, or None when the network sent no
    questionnaire for it in Lindra. Three queries."""
    return reportings(Membership.objects.filter(pk=membership.pk), year, for_member=for_member)[membership.pk]


def reportings(
    memberships: QuerySet[Membership], year: int, *, for_member: bool = False
) -> dict[int, Reporting | None]:
    """Each membership's reporting, read as values: the tables and spreadsheets of members'
    years in development take it for thousands (lindra.development.year.TELLERS), so the
    memberships are a subquery rather than a list of ids. Three queries."""
    respondents = {
        row[1]: row
        for row in Respondent.objects.filter(
            membership__in=memberships.values("pk").order_by(), questionnaire__year=year, role=Respondent.Role.MEMBER
        )
        .order_by("questionnaire__opens_on")
        .values_list(
            "pk",
            "membership_id",
            "answered_on",
            "questionnaire__opens_on",
            "questionnaire__closes_on",
            "questionnaire__sent_at",
        )
    }
    sent = set(
        Questionnaire.objects.filter(
            network_id__in=memberships.values("network_id").order_by(), year=year, sent_at__isnull=False
        ).values_list("network_id", flat=True)
    )
    today = timezone.localdate()
    return {
        pk: _reporting(respondents.get(pk), network_id in sent, for_member, today)
        for pk, network_id in memberships.values_list("pk", "network_id").order_by()
    }


def _reporting(respondent: tuple | None, sent: bool, for_member: bool, today: dt.date) -> Reporting | None:
    if respondent is None:
        if sent:
            return Reporting(
                TaskStatus.NOT_APPLICABLE, said(gettext_noop("Ikke spurt: var ikke aktiv da skjemaet ble sendt ut."))
            )
        return None
    pk, _membership_id, answered_on, opens_on, closes_on, sent_at = respondent
    if answered_on:
        return Reporting(TaskStatus.DONE, said(gettext_noop("Svart %(day)s."), day=answered_on))
    if questionnaire_state(opens_on, closes_on, sent_at is not None, today) == QuestionnaireState.OPEN:
        link = questionnaires.answer_path(pk) if for_member else ""
        return Reporting(
            TaskStatus.NOT_DUE, said(gettext_noop("Ikke svart ennå. Åpent til %(day)s."), day=closes_on), link
        )
    return Reporting(TaskStatus.NOT_YET, said(gettext_noop("Ikke svart før skjemaet stengte.")))
