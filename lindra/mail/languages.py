"""The language an e-mail is written in: the one its recipients chose, else its network's
language for e-mail, else bokmål. A message to several people who chose differently is in
its network's language.

Lindra's mail knows addresses, not people: the setting MAIL_CHOSEN_LANGUAGES names the
function of the app above that tells which of the addresses chose which language."""

from collections.abc import Callable, Collection, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string

# The choices of the addresses a job writes to, looked up once for all its messages.
_known: ContextVar[tuple[frozenset[str], dict[str, str]] | None] = ContextVar("known_choices", default=None)


def chosen_languages(addresses: Collection[str]) -> dict[str, str]:
    """The language each of the addresses chose, by the address in lower case."""
    lowered = {address.lower() for address in addresses}
    known = _known.get()
    if known is not None and lowered <= known[0]:
        return {address: known[1][address] for address in lowered if address in known[1]}
    return import_string(settings.MAIL_CHOSEN_LANGUAGES)(lowered)


@contextmanager
def choices_known_for(addresses: Iterable[str]):
    """Inside, the choices of these addresses are known: a job that writes to many looks them
    up in one query, not one a message."""
    lowered = frozenset(address.lower() for address in addresses)
    token = _known.set((lowered, import_string(settings.MAIL_CHOSEN_LANGUAGES)(lowered)))
    try:
        yield
    finally:
        _known.reset(token)


def language_for(to: Collection[str], network=None) -> str:
    chosen = chosen_languages(to)
    languages = {chosen.get(address.lower(), "") for address in to}
    if len(languages) == 1 and (language := languages.pop()):
        return language
    return getattr(network, "email_language", "") or settings.LANGUAGE_CODE


@contextmanager
def writing_to(to: Collection[str], network=None):
    """Everything made inside (the message, its PDF, its calendar file) is in the language of
    those it is written to."""
    with translation.override(language_for(to, network)):
        yield


Attachments = Iterable[tuple[str, bytes, str]]


def once_per_language(make: Callable[[], Attachments]) -> Callable[[], list[tuple[str, bytes, str]]]:
    """Attachments shared by many messages (the minutes' PDF), made once in each language
    the messages are written in."""
    made: dict[str, list[tuple[str, bytes, str]]] = {}

    def in_current_language() -> list[tuple[str, bytes, str]]:
        language = translation.get_language()
        if language not in made:
            made[language] = list(make())
        return made[language]

    return in_current_language
