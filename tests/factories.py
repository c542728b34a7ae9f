"""Small functions that build registry data with sensible defaults.

Each takes what matters to a test as arguments and makes up the rest, so a test reads
as the situation it sets up: `membership(person(), group_a1, nearest_leader=lars)`.
"""

import datetime as dt
import itertools
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from lindra.accounts.models import User
from lindra.meetings.models import Meeting
from lindra.registry.models import (
    Committee,
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
from lindra.registry.services import record_joined

PASSWORD = "fjelltur-i-regnet-42"

_numbers = itertools.count(1)


def _n() -> int:
    return next(_numbers)


def today() -> dt.date:
    return timezone.localdate()


def password_hash(password: str) -> str:
    # Argon2 is slow by design: hash each test password once per run (and per hasher,
    # since some tests put a faster one first).
    return _hash(password, settings.PASSWORD_HASHERS[0])


@cache
def _hash(password: str, hasher: str) -> str:
    return make_password(password)


def user(email: str | None = None, *, password: str | None = PASSWORD, **fields) -> User:
    """A user account; password=None makes one that signs in by e-mailed link only."""
    email = (email or f"bruker{_n()}@lindra.example").lower()
    hashed = password_hash(password) if password is not None else make_password(None)
    return User.objects.create(email=email, password=hashed, **fields)


def superuser(email: str | None = None, **fields) -> User:
    return user(email or f"admin{_n()}@lindra.example", is_staff=True, is_superuser=True, **fields)


def network(name: str | None = None, **fields) -> Network:
    n = _n()
    name = name or f"Kompetansenettverk {n}"
    fields.setdefault("short_name", name[:60])
    fields.setdefault("secretariat_email", f"sekretariat{n}@nettverk.example")
    return Network.objects.create(name=name, **fields)


def municipality(number: str = "4601", name: str = "Bergen") -> Municipality:
    # The migrations load every municipality; a flushed test database may lack them.
    return Municipality.objects.get_or_create(number=number, defaults={"name": name})[0]


def organisation(name: str | None = None, kind: str = Organisation.Kind.MUNICIPALITY) -> Organisation:
    return Organisation.objects.create(name=name or f"Kommune {_n()}", kind=kind)


def workplace(name: str | None = None, *, kind: str = Workplace.Kind.NURSING_HOME, **fields) -> Workplace:
    fields.setdefault("municipality", municipality())
    if "organisation" not in fields:
        fields["organisation"] = organisation()
    return Workplace.objects.create(name=name or f"Sykehjem {_n()}", kind=kind, **fields)


_any_workplace = workplace  # for the functions below whose argument is named workplace


def group(network: Network, name: str | None = None, **fields) -> LocalGroup:
    return LocalGroup.objects.create(network=network, name=name or f"Lokalgruppe {_n()}", **fields)


def committee(network: Network, name: str = "Driftsgruppen", kind: str = Committee.Kind.OPERATIONS) -> Committee:
    return Committee.objects.create(network=network, name=name, kind=kind)


def person(
    given_name: str = "Kari",
    family_name: str | None = None,
    *,
    email: str | None = None,
    phone: str = "",
    user: User | None = None,
    **fields,
) -> Person:
    n = _n()
    fields.setdefault("profession", Profession.NURSE)
    return Person.objects.create(
        given_name=given_name,
        family_name=family_name or f"Nordmann{n}",
        email=email if email is not None else f"person{n}@lindra.example",
        phone=phone or f"9{n:07d}",
        user=user,
        **fields,
    )


def person_with_user(given_name: str = "Kari", family_name: str | None = None, **fields) -> Person:
    """A person who can sign in, with the same e-mail address on person and user."""
    email = fields.pop("email", None) or f"person{_n()}@lindra.example"
    password = fields.pop("password", PASSWORD)
    return person(given_name, family_name, email=email, user=user(email, password=password), **fields)


def membership(
    person: Person,
    group: LocalGroup,
    *,
    workplace: Workplace | None = None,
    nearest_leader: Person | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    **fields,
) -> Membership:
    created = Membership.objects.create(
        person=person,
        network=group.network,
        local_group=group,
        workplace=workplace or _any_workplace(),
        nearest_leader=nearest_leader,
        starts_on=starts_on or today() - dt.timedelta(days=365),
        ends_on=ends_on,
        **fields,
    )
    # The placement on any date is read from the member's history: start it, as an import does.
    record_joined([created])
    return created


def term(
    person: Person,
    kind: str,
    *,
    network: Network | None = None,
    group: LocalGroup | None = None,
    committee: Committee | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Term:
    network = network or (group or committee).network
    return Term.objects.create(
        person=person,
        kind=kind,
        network=network,
        local_group=group,
        committee=committee,
        starts_on=starts_on or today() - dt.timedelta(days=365),
        ends_on=ends_on,
    )


def meeting(
    organiser: LocalGroup | Committee,
    *,
    starts_at: dt.datetime | None = None,
    hours: float = 3,
    host: Person | None = None,
    title: str | None = None,
    **fields,
) -> Meeting:
    """A meeting of a local group or a committee; by default three weeks from now."""
    starts_at = starts_at or at(today() + dt.timedelta(days=21), 12)
    where = (
        {"local_group": organiser}
        if isinstance(organiser, LocalGroup)
        else {"committee": organiser, "kind": fields.pop("kind", Meeting.Kind.COMMITTEE)}
    )
    return Meeting.objects.create(
        network=organiser.network,
        title=title or f"Møte i {organiser.name}",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        host=host,
        **where,
        **fields,
    )


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A moment on a day, Norwegian time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
