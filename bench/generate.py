"""National-scale data for the benchmarks: SCALE × (5,000 people, 300 local groups,
20 networks) with ten years of history (moves, new leaders, leave, ended memberships)."""

import datetime as dt
import random

from django.db import transaction

from lindra.accounts.models import User
from lindra.registry.models import (
    Change,
    ChangeKind,
    Leave,
    LocalGroup,
    Membership,
    Municipality,
    Network,
    Organisation,
    Person,
    Profession,
    Term,
    Workplace,
)

PASSWORD = "bench-password-2026"
SECRETARY_EMAIL = "sekretariat@bench.example"
NETWORKS = 20
GROUPS = 300
PEOPLE = 5_000
WORKPLACES = 1_500
YEARS = 10


@transaction.atomic
def generate(scale: int, today: dt.date) -> dict:
    rng = random.Random(scale)
    municipalities = list(Municipality.objects.values_list("number", flat=True))
    networks = Network.objects.bulk_create(
        Network(
            name=f"Nettverk {n + 1}", short_name=f"Nett {n + 1}", secretariat_email=f"nettverk{n + 1}@bench.example"
        )
        for n in range(NETWORKS * scale)
    )
    groups = LocalGroup.objects.bulk_create(
        LocalGroup(network=networks[g % len(networks)], name=f"Lokalgruppe {g + 1}") for g in range(GROUPS * scale)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Eier {o + 1}", kind=Organisation.Kind.MUNICIPALITY) for o in range(200)
    )
    workplaces = Workplace.objects.bulk_create(
        Workplace(
            name=f"Arbeidssted {w + 1}",
            kind=rng.choice(Workplace.Kind.values),
            municipality_id=rng.choice(municipalities),
            organisation=organisations[w % len(organisations)],
        )
        for w in range(WORKPLACES * scale)
    )
    leaders = Person.objects.bulk_create(
        Person(given_name="Leder", family_name=f"Nummer {n + 1}", email=f"leder{n + 1}@bench.example")
        for n in range(len(workplaces) // 2)
    )
    people = Person.objects.bulk_create(
        Person(
            given_name=rng.choice(["Kari", "Ola", "Ingrid", "Per", "Silje", "Anne", "Lars", "Marte"]),
            family_name=f"Person{n + 1}",
            email=f"person{n + 1}@bench.example",
            phone=f"9{n:07d}",
            profession=rng.choice([Profession.NURSE, Profession.NURSE, Profession.PHYSIOTHERAPIST]),
        )
        for n in range(PEOPLE * scale)
    )
    start_of_history = today - dt.timedelta(days=365 * YEARS)
    memberships = []
    # Half of everyone is in the first network, so one secretariat has a really long list.
    big_network_groups = [g for g in groups if g.network_id == networks[0].pk]
    for person in people:
        group = rng.choice(big_network_groups if rng.random() < 0.5 else groups)
        starts_on = start_of_history + dt.timedelta(days=rng.randrange(365 * YEARS))
        ended = rng.random() < 0.2
        memberships.append(
            Membership(
                person=person,
                network_id=group.network_id,
                local_group=group,
                workplace=rng.choice(workplaces),
                nearest_leader=rng.choice(leaders),
                starts_on=starts_on,
                ends_on=starts_on + dt.timedelta(days=rng.randrange(30, 2000)) if ended else None,
            )
        )
    memberships = Membership.objects.bulk_create(memberships)
    changes, leaves = [], []
    for m in memberships:
        changes.append(
            _change(m, ChangeKind.JOINED, m.starts_on, m.local_group_id, m.workplace_id, m.nearest_leader_id)
        )
        last = m.ends_on or today
        for _move in range(rng.randrange(4)):
            day = m.starts_on + dt.timedelta(days=rng.randrange(max(1, (last - m.starts_on).days)))
            leader = rng.choice(leaders)
            changes.append(_change(m, ChangeKind.NEAREST_LEADER, day, None, None, leader.pk))
            m.nearest_leader_id = leader.pk
        if rng.random() < 0.1:
            day = m.starts_on + dt.timedelta(days=rng.randrange(max(1, (last - m.starts_on).days)))
            leaves.append(Leave(membership=m, starts_on=day, ends_on=day + dt.timedelta(days=rng.randrange(30, 300))))
    Change.objects.bulk_create(changes, batch_size=2000)
    Leave.objects.bulk_create(leaves, batch_size=2000)
    # The current leader is the last one in the history.
    latest = {}
    for c in sorted(changes, key=lambda c: c.effective_on):
        if c.nearest_leader_id:
            latest[c.membership_id] = c.nearest_leader_id
    for m in memberships:
        m.nearest_leader_id = latest[m.pk]
    Membership.objects.bulk_update(memberships, ["nearest_leader"], batch_size=2000)
    secretary = Person.objects.create(given_name="Sekretær", family_name="Benk", email=SECRETARY_EMAIL)
    secretary.user = User.objects.create_user(SECRETARY_EMAIL, PASSWORD)
    secretary.save()
    Term.objects.bulk_create(
        Term(person=secretary, kind=Term.Kind.SECRETARIAT, network=n, starts_on=start_of_history) for n in networks
    )
    return {
        "networks": len(networks),
        "local_groups": len(groups),
        "people": len(people) + len(leaders),
        "memberships": len(memberships),
        "history_rows": len(changes),
        "leaves": len(leaves),
    }


def _change(membership, kind, day, group, workplace, leader) -> Change:
    return Change(
        person_id=membership.person_id,
        membership=membership,
        kind=kind,
        effective_on=day,
        local_group_id=group,
        workplace_id=workplace,
        nearest_leader_id=leader,
    )
