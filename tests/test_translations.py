"""Norwegian throughout: Lindra's catalogue gives Django's English messages a Norwegian text,
and stays what makemessages would write."""

import ast
import datetime as dt
import io
import itertools
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from lindra.registry import services
from lindra.registry.models import Membership, Person
from tests import factories as f
from tests.language import not_norwegian, text_of

LOCALE = settings.BASE_DIR / "lindra" / "locale"
CATALOGUE = LOCALE / "nb" / "LC_MESSAGES" / "django.po"
# Lindra's bokmål translated: each message has its text in these.
TRANSLATED = {language: LOCALE / language / "LC_MESSAGES" / "django.po" for language in ["nn", "en"]}
CATALOGUES = {"nb": CATALOGUE, **TRANSLATED}
DJANGO = Path(django.__file__).parent
# The catalogues of the parts of Django a user meets; the admin is for the superuser only.
DJANGO_CATALOGUES = [
    DJANGO / "conf" / "locale",
    *(DJANGO / "contrib" / app / "locale" for app in ["auth", "contenttypes", "sessions"]),
]
MESSAGE_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def entries(po: Path) -> dict[tuple[str, str], dict[str, str]]:
    """The messages of a .po file by (context, message): their texts and flags, without the
    header, the places in the code and the obsolete ones."""
    found = {}
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fields, flags, last = {}, "", None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line[2:].strip()
            elif match := MESSAGE_LINE.match(line):
                last = match[1]
                fields[last] = ast.literal_eval(match[2])
            elif line.startswith('"') and last:
                fields[last] += ast.literal_eval(line)
        if fields.get("msgid"):
            found[(fields.get("msgctxt", ""), fields["msgid"])] = {**fields, "flags": flags}
    return found


def catalogue_key(context: str, message: dict[str, str]) -> str | tuple[str, int]:
    """How Django's translation catalogue finds a message."""
    if "msgid_plural" in message:
        return (message["msgid"], 0)
    return f"{context}\x04{message['msgid']}" if context else message["msgid"]


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_english_message_of_django_a_user_can_meet_has_a_norwegian_text(language):
    norwegian = trans_real.translation(language)._catalog
    missing = [
        f"{folder.parent.name}: {msgid!r}"
        for folder in DJANGO_CATALOGUES
        for (context, msgid), message in entries(folder / "en" / "LC_MESSAGES" / "django.po").items()
        if catalogue_key(context, message) not in norwegian
    ]
    assert not missing, (
        f"Django's {language} catalogue lacks these; add them to lindra/core/django_messages.py, "
        "run `make messages` and translate them in " + str(CATALOGUES[language].relative_to(settings.BASE_DIR)) + ":\n"
    ) + "\n".join(missing)


def test_the_empty_choice_of_a_list_reads_norwegian():
    with translation.override("nb"):
        [(value, label), *_] = Person._meta.get_field("profession").formfield().choices
        assert (value, str(label)) == ("", "Velg …")


def test_the_catalogues_are_what_makemessages_writes(tmp_path):
    """Run makemessages on a copy of the code: the committed catalogues (bokmål, nynorsk and
    English) must not change but for their date. A message added to the code without
    `make messages` fails here."""
    shutil.copy(settings.BASE_DIR / "manage.py", tmp_path)
    shutil.copytree(
        settings.BASE_DIR / "lindra",
        tmp_path / "lindra",
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"),
    )
    subprocess.run([sys.executable, "manage.py", "makemessages", "--verbosity", "0"], cwd=tmp_path, check=True)
    differences = []
    for language, catalogue in CATALOGUES.items():
        written = entries(tmp_path / catalogue.relative_to(settings.BASE_DIR))
        committed = entries(catalogue)
        differences += [
            *(f"{language}: new in the code: {key[1]!r}" for key in written.keys() - committed.keys()),
            *(f"{language}: no longer in the code: {key[1]!r}" for key in committed.keys() - written.keys()),
            *(
                f"{language}: changed: {key[1]!r}"
                for key in written.keys() & committed.keys()
                if written[key] != committed[key]
            ),
        ]
    assert not differences, "Run `make messages` and commit the catalogues:\n" + "\n".join(sorted(differences))


@pytest.mark.parametrize("language", CATALOGUES)
def test_no_message_in_the_catalogue_is_left_fuzzy(language):
    fuzzy = [msgid for (_, msgid), message in entries(CATALOGUES[language]).items() if "fuzzy" in message["flags"]]
    assert not fuzzy, f"Check these translations in {language} and remove their fuzzy mark:\n" + "\n".join(fuzzy)


def untranslated(message: dict[str, str]) -> bool:
    """A message without its text in the language: an empty msgstr (or an empty plural form).
    A message that reads the same in the language has its own text copied as msgstr, on purpose."""
    texts = [text for field, text in message.items() if field.startswith("msgstr")]
    return not texts or any(not text for text in texts)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_has_its_text_in_nynorsk_and_english(language):
    """A page in nynorsk or English shows no bokmål: every message of the catalogue is translated.
    Where the translation is the same text (a name, "PDF"), the msgstr repeats the msgid."""
    catalogue = TRANSLATED[language]
    missing = [
        f"{context + ': ' if context else ''}{message['msgid']!r}"
        for (context, _msgid), message in entries(catalogue).items()
        if untranslated(message)
    ]
    assert not missing, (
        f"{len(missing)} messages have no text in {catalogue.relative_to(settings.BASE_DIR)} "
        "(copy the msgid as msgstr where the text is the same):\n" + "\n".join(missing)
    )


def test_a_too_short_password_is_refused_in_norwegian(db, client):
    person = f.person_with_user("Mona", "Medlem", email="mona@lindra.example")
    client.force_login(person.user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": f.PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 400
    assert "Passordet er for kort. Det må ha minst 10 tegn." in response.text
    assert not not_norwegian(response.text)


@pytest.mark.parametrize("phrase", ["This field is required", "Enter a valid email address", "Select an option"])
def test_the_word_list_catches_django_english(phrase):
    assert not_norwegian(f"<p>{phrase}.</p>")


def test_the_leave_in_a_members_history_has_norwegian_dates(world, client_as):
    membership = Membership.objects.get(person=world.person("member"))
    services.put_on_leave(
        membership, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 8, 31), by=world.user("secretariat")
    )
    services.put_on_leave(membership, starts_on=dt.date(2027, 10, 1), ends_on=None, by=world.user("secretariat"))
    page = client_as("secretariat").get(reverse("registry:person", args=[world.person("member").pk]))
    text = text_of(page.text)
    assert "1. mars 2027: Permisjon (KLB Vestland) 1. mars 2027 – 31. august 2027" in text
    assert "1. oktober 2027: Permisjon (KLB Vestland) Fra 1. oktober 2027, uten sluttdato" in text
    assert not not_norwegian(page.text)


def test_no_message_is_marked_inside_an_f_string():
    """makemessages does not look inside f-strings: a `_("…")` there is never in a catalogue,
    so it is shown untranslated. Mark the text outside and put the result in the f-string."""
    marked_inside = []
    for path in sorted((settings.BASE_DIR / "lindra").rglob("*.py")):
        depth = 0
        tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
        for token, following in itertools.pairwise(tokens):
            if token.type == tokenize.FSTRING_START:
                depth += 1
            elif token.type == tokenize.FSTRING_END:
                depth -= 1
            elif depth and token.type == tokenize.NAME and token.string in GETTEXT_NAMES and following.string == "(":
                marked_inside.append(f"{path.relative_to(settings.BASE_DIR)}:{token.start[0]}")
    assert not marked_inside, "Messages marked inside f-strings:\n" + "\n".join(marked_inside)


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "gettext_noop"}
