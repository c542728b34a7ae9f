"""The personas with a steering group: Ulla leads the operations group of network A (she
writes the reports); Gunnar, besides leading group A1, sits in the steering group with Stine,
who has no other role."""

import datetime as dt

from lindra.annual import steering
from lindra.annual.models import SteeringReport
from lindra.registry.models import Committee, Term
from tests import factories as f
from tests.personas import World

STINE = "stine.styre@lindra.example"


def with_steering_group(world: World) -> Committee:
    """Made once per world; asked again, the same group."""
    found = Committee.objects.filter(network=world.network_a, kind=Committee.Kind.STEERING).first()
    if found:
        return found
    started = f.today() - dt.timedelta(days=400)
    f.term(world.person("committee_member"), Term.Kind.COMMITTEE_LEADER, committee=world.committee_a, starts_on=started)
    group = f.committee(world.network_a, "Styringsgruppen", kind=Committee.Kind.STEERING)
    f.term(world.person("group_leader"), Term.Kind.COMMITTEE_MEMBER, committee=group, starts_on=started)
    f.term(f.person("Stine", "Styre", email=STINE), Term.Kind.COMMITTEE_LEADER, committee=group, starts_on=started)
    return group


def a_report(world: World, *, sent: bool = False, text: str = "Godt halvår.") -> SteeringReport:
    start, end = f.today() - dt.timedelta(days=90), f.today() - dt.timedelta(days=1)
    fields = {"period_start": start, "period_end": end, "text": text}
    report = steering.create_draft(world.network_a, world.committee_a, fields, by=world.user("committee_member"))
    if sent:
        report = steering.send(report, fields, expected_version=report.version, by=world.user("committee_member"))
    return report
