"""The annual cycle's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from django.db.models import Max

from lindra.accounts.roles import Roles
from lindra.annual import deviations, documents, news, questionnaires, steering
from lindra.annual.models import SteeringReport
from lindra.core.shortlists import shortlist
from lindra.registry.models import Committee, LocalGroup, Network, Term


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    found |= _documents(roles, today)
    found |= _news(roles)
    found |= _wheel_steering(roles, today)
    found |= _deviations(roles, today, now)
    found |= _annual_reports(roles, today)
    found |= _questionnaires(roles, today)
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}


# Documents: "Dokumenter som skal revideres" for the secretariat and the working group (003 §6).
def _documents(roles: Roles, today: dt.date) -> dict:
    if not (roles.is_secretariat or roles.is_committee_member):
        return {}
    return {"documents_to_revise": documents.due_for_revision(roles, today)}


# --- News to the network: the newest published news for the user's groups and networks.
def _news(roles: Roles) -> dict:
    if not (roles.is_superuser or roles.person_id):
        return {}
    return {"news_for_me": news.for_home_page(roles)}


# --- Annual wheel and steering group reports


def _wheel_steering(roles: Roles, today: dt.date) -> dict:
    """This year's wheel of each network the user sees and of each group they lead or belong
    to; for an operations group's leader, the drafts of reports to the steering group; for the
    steering group, the reports sent to it in the last half-year. At most four queries."""
    if roles.person_id is None and not roles.is_superuser:
        return {}
    networks = roles.secretariat_networks | roles.committee_networks
    groups = LocalGroup.objects.filter(pk__in=roles.led_groups | roles.member_groups).order_by("name")
    found = {
        "wheel_year": today.year,
        "wheel_networks": list(Network.objects.filter(pk__in=networks).order_by("name")) if networks else [],
        "wheel_groups": list(groups) if roles.led_groups or roles.member_groups else [],
    }
    if roles.committees:
        terms = Term.objects.current(today).filter(person_id=roles.person_id, committee__isnull=False)
        leads = terms.filter(kind=Term.Kind.COMMITTEE_LEADER, committee__kind__in=steering.REPORTING_KINDS)
        steers = terms.filter(committee__kind=Committee.Kind.STEERING)
        reports = SteeringReport.objects.select_related("committee", "network")
        found["steering_drafts"] = list(
            reports.filter(status=SteeringReport.Status.DRAFT, committee__in=leads.values("committee"))
        )
        found["steering_received"] = list(
            reports.filter(
                status=SteeringReport.Status.SENT,
                network__in=steers.values("network"),
                sent_at__date__gte=today - steering.RECEIVED_SHOWN_FOR,
            )
        )
    return found


# --- Deviations: what waits on the group leader, the operations group and the secretariat (the
# most urgent, and how many in all); the reporter's own, open or closed lately. One query for each.


def _deviations(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {"deviations_today": today}
    if roles.is_group_leader or roles.is_committee_member or roles.is_secretariat:
        found["deviations_to_handle"] = shortlist(deviations.to_handle_by(roles))
    if roles.person_id is not None:
        since = now - dt.timedelta(days=deviations.CLOSED_SHOWN_DAYS)
        found["my_deviations"] = list(deviations.reported_by(roles.person_id, since=since))
    return found


# --- Annual report ----------------------------------------------------------------------------


def _annual_reports(roles: Roles, today: dt.date) -> dict:
    """For the secretariat and the committees: each network's newest annual report begun (last
    year's when none is), and the list of all years."""
    ids = roles.secretariat_networks | roles.committee_networks
    if not ids:
        return {}
    networks = list(Network.objects.filter(pk__in=ids).annotate(newest_report=Max("annual_reports__year")))
    for network in networks:
        network.report_year = network.newest_report or today.year - 1
    return {"annual_report_networks": networks}


# --- Questionnaire: "Svar på årlig rapportering" while a questionnaire the person was asked is
# open and not finished. One query.


def _questionnaires(roles: Roles, today: dt.date) -> dict:
    """The questionnaires to answer; for the secretariat and the committees, this year's
    questionnaires of their networks with the response so far, and the way to each network's
    list of them. Three queries."""
    found: dict = {}
    if roles.person_id is not None:
        asked = questionnaires.open_for(roles.person_id, today)
        found["questionnaires_to_answer"] = [(r.questionnaire, questionnaires.answer_path(r.pk)) for r in asked]
    networks = roles.secretariat_networks | roles.committee_networks
    if networks:
        found["questionnaires_of_year"] = questionnaires.of_year(networks, today)
        found["questionnaire_networks"] = list(Network.objects.filter(pk__in=networks).order_by("name"))
    return found
