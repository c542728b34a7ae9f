"""SQLite's LIKE as Lindra gives it to each connection: case folded for every letter, so that
a search for «årstad» finds «Årstad» on SQLite as on PostgreSQL, and a search in a long table
asks the same of each row however the pattern is matched."""

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from lindra.core.sqlite import _pattern, like
from lindra.registry.models import Person

LETTERS = st.text(alphabet="aåæøbAÅÆØB %_\\x", max_size=8)


def reference(pattern: str, value: str, escape: str | None) -> bool:
    """The pattern as a whole regular expression: the way every pattern can be matched."""
    return _pattern(pattern, escape).fullmatch(value) is not None


@given(pattern=LETTERS, value=LETTERS, escape=st.sampled_from([None, "\\"]))
def test_a_search_answers_as_the_whole_pattern_does(pattern, value, escape):
    assert like(pattern, value, escape) == reference(pattern, value, escape)


@given(needle=st.text(alphabet="aåæøAÅÆØ", min_size=1, max_size=4), before=LETTERS, after=LETTERS)
def test_a_search_finds_the_text_whatever_its_case(needle, before, after):
    assert like(f"%{needle.upper()}%", before + needle.lower() + after) is True
    assert like(f"%{needle.lower()}%", before + needle.upper() + after) is True


def test_percent_and_underscore_match_any_run_and_any_one_letter_and_the_escape_makes_them_plain():
    assert like("%ødeg_rd", "Åse ØDEGÅRD")
    assert not like("ødeg_rd", "Åse Ødegård")
    assert like("100\\%", "100%", "\\") and not like("100\\%", "1000", "\\")
    assert like("%\\_%", "a_b", "\\") and not like("%\\_%", "ab", "\\")


def test_nothing_is_like_null():
    assert like(None, "Årstad") is None
    assert like("%år%", None) is None


@pytest.mark.django_db
def test_a_search_in_the_database_finds_norwegian_letters_in_any_case():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL folds case itself")
    Person.objects.create(given_name="Åse", family_name="Ødegård", email="ase@lindra.example")
    Person.objects.create(given_name="Ola", family_name="Nordmann", email="ola@lindra.example")
    assert list(Person.objects.filter(family_name__icontains="ØDEGÅ").values_list("given_name", flat=True)) == ["Åse"]
    assert list(Person.objects.filter(email__icontains="E@LINDRA").values_list("given_name", flat=True)) == ["Åse"]
    assert not Person.objects.filter(family_name__icontains="åse_").exists()
