"""The SMTP backend's envelope addresses (lindra.mail.backends.SMTPBackend): the same as
Django's own backend gives, for every address, however it finds them."""

import pytest
from django.core.mail.backends import smtp
from hypothesis import given
from hypothesis import strategies as st

from lindra.mail.backends import BARE_ADDRESS, SMTPBackend

OPTIONS = {"alias": "default", "host": "127.0.0.1", "port": 25}
ADDRESS_CHARACTERS = st.characters(min_codepoint=32, max_codepoint=255) | st.sampled_from('@.<>",; åæø')


def django_s(address: str) -> str | type[Exception]:
    try:
        return smtp.EmailBackend(**OPTIONS).prep_address(address)
    except Exception as error:  # noqa: BLE001 - the standard library's parser fails in more ways than one
        return type(error)


def lindra_s(backend: SMTPBackend, address: str) -> str | type[Exception]:
    try:
        return backend.prep_address(address)
    except Exception as error:  # noqa: BLE001
        return type(error)


@given(st.from_regex(BARE_ADDRESS, fullmatch=True))
def test_a_bare_plain_address_is_its_own_envelope_address_as_django_finds(address):
    assert SMTPBackend(**OPTIONS).prep_address(address) == django_s(address) == address


@given(st.text(ADDRESS_CHARACTERS, max_size=40))
def test_any_address_gets_what_django_s_backend_gives_the_first_time_and_the_second(address):
    backend = SMTPBackend(**OPTIONS)
    assert lindra_s(backend, address) == django_s(address)
    assert lindra_s(backend, address) == django_s(address)


@pytest.mark.parametrize(
    ("address", "envelope"),
    [
        ("Lindra <ikke-svar@lindra.no>", "ikke-svar@lindra.no"),
        ("Åse Ødegård <ase@lindra.example>", "ase@lindra.example"),
        ("ase@bærum.example", "ase@xn--brum-voa.example"),
    ],
)
def test_a_named_or_international_address_is_parsed_as_django_parses_it(address, envelope):
    backend = SMTPBackend(**OPTIONS)
    assert backend.prep_address(address) == backend.prep_address(address) == envelope


@pytest.mark.parametrize(
    "address", ["ase@lindra.example\nBcc: alle@lindra.example", "a@lindra.example, b@lindra.example"]
)
def test_a_bad_address_is_refused_every_time(address):
    backend = SMTPBackend(**OPTIONS)
    for _ in range(2):
        with pytest.raises(ValueError):
            backend.prep_address(address)
