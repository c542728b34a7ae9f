"""Onboarding's set-up: a function description made as a small PDF, and a new member."""

import datetime as dt
from functools import cache

import pytest

from lindra.development.models import FunctionDescription
from lindra.registry.models import Membership, Term
from tests import factories as f

LONG_AGO = dt.date(2020, 1, 1)


@cache
def pdf_of(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f'<html lang="nb"><body><h1>{text}</h1><p>Faste oppgaver.</p></body></html>').write_pdf()


def description(network, *, profession: str = "", title: str = "Funksjon og ansvar", approved_on=None):
    return FunctionDescription.objects.create(
        network=network,
        profession=profession,
        title=title,
        pdf=pdf_of(title),
        filename="funksjonsbeskrivelse.pdf",
        approved_on=approved_on or dt.date(2025, 4, 1),
    )


@pytest.fixture
def since_long_ago(world):
    """The personas' memberships and terms from 2020, so that a test may travel to any day since;
    the personas have had their welcome (no letter is due them)."""
    Membership.objects.update(starts_on=LONG_AGO)
    Term.objects.update(starts_on=LONG_AGO)


@pytest.fixture
def the_description(world):
    return description(world.network_a, title="Funksjon og ansvar for ressurssykepleiere")


def new_member(world, *, starts_on: dt.date, email: str | None = "nina.ny@lindra.example", leader="nearest_leader"):
    """Nina, new in group A1, at Løvåsen, with Lars as nearest leader."""
    nina = f.person_with_user("Nina", "Ny", email=email) if email else f.person("Nina", "Ny", email="")
    if not email:
        nina.email = None
        nina.save(update_fields=["email"])
    return f.membership(
        nina,
        world.group_a1,
        workplace=world.workplace,
        nearest_leader=world.person(leader) if leader else None,
        starts_on=starts_on,
    )
