"""Generated bad input for every form Lindra shows: the forms are read from the pages
themselves, so a new form is fuzzed as soon as a page shows it.

What is sent: over-long text, control characters, wrong types, values of other people's and
other networks' objects, missing fields and extra fields. What must hold: no server error, and
fields the form does not have change nothing.
"""

import datetime as dt
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.base import PartialTemplate, Template
from django.test.utils import _TestState
from hypothesis import strategies as st

# How many cases each form and each signed link gets (fewer to try a change quickly).
EXAMPLES = int(os.environ.get("LINDRA_FUZZ_EXAMPLES", "200"))


@contextmanager
def templates_unrecorded():
    """Renders templates as a server does. The test client records every template it renders
    with a copy of its context, for tests that read response.context; fuzzing reads only the
    status and the database, and on long pages that recording was most of its time."""
    saved = _TestState.saved_data
    with (
        mock.patch.object(Template, "_render", saved.template_render),
        mock.patch.object(PartialTemplate, "_render", saved.partial_template_render),
    ):
        yield


@dataclass
class Field:
    name: str
    kind: str  # the input's type, "textarea" or "select"
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.method, urlsplit(self.action).path, tuple(sorted(self.fields)))


class FormParser(HTMLParser):
    """The forms of a page with their fields, as a browser would submit them."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            self._form = Form(action=action, method=(attrs.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None or not attrs.get("name") or "disabled" in attrs:
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image"}:
                return
            known = self._form.fields.get(name)
            if known and kind in {"radio", "checkbox"}:
                known.options.append(attrs.get("value", "on"))
                return
            options = [attrs.get("value", "on")] if kind in {"radio", "checkbox"} else []
            self._form.fields[name] = Field(name, kind, options, attrs.get("value") or "")
        elif tag == "textarea":
            self._form.fields[name] = Field(name, "textarea")
        elif tag == "select":
            self._select = self._form.fields[name] = Field(name, "select")
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(page_url: str, html: str) -> list[Form]:
    parser = FormParser(page_url)
    parser.feed(html)
    return [form for form in parser.forms if form.method in {"get", "post"}]


# Values ------------------------------------------------------------------------------------

CONTROL = st.sampled_from(["\x00", "a\x00b", "\x01\x02\x1f", "\x7f", "\u202e", "\ufeff", "\r\n\r\n", "\t"])
NASTY = st.sampled_from(
    [
        "",
        " ",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%00",
        "../../etc/passwd",
        "😀" * 30,
        "ÆØÅ æøå",
        "-1",
        "0",
        "99999999999999999999999",
        "1e309",
        "NaN",
        "2026-02-30",
        "31.12.2026",
        "9999-12-31",
        "0001-01-01",
        "25:61",
        "true",
        "null",
    ]
)
OVERLONG = st.integers(min_value=300, max_value=12_000).map(lambda n: "x" * n)
OTHER_IDS = st.integers(min_value=-2, max_value=400).map(str)
TEXT = st.text(max_size=80)
BAD = st.one_of(CONTROL, NASTY, OVERLONG, OTHER_IDS, TEXT)
EXTRA_NAMES = [
    "is_superuser",
    "is_staff",
    "is_active",
    "pk",
    "id",
    "person",
    "person_id",
    "user",
    "network",
    "network_id",
    "group",
    "membership",
    "email",
    "secretariat_email",
    "anonymous",
    "sent_at",
    "status",
    "state",
    "approved",
    "version_override",
]


def _dates(kind: str):
    today = dt.date(2026, 12, 2)
    if kind == "date":
        return st.dates(min_value=today - dt.timedelta(days=3650), max_value=today + dt.timedelta(days=3650)).map(str)
    if kind == "time":
        return st.times().map(lambda t: t.strftime("%H:%M"))
    return st.datetimes(min_value=dt.datetime(2016, 1, 1), max_value=dt.datetime(2036, 1, 1)).map(
        lambda d: d.strftime("%Y-%m-%dT%H:%M")
    )


def value_for(item: Field):
    """Something to send for one field: mostly what the form would take, often not."""
    if item.kind == "file":
        return st.builds(
            lambda data, name: SimpleUploadedFile(name, data),
            st.binary(max_size=2000),
            st.sampled_from(["plan.pdf", "plan.docx", "liste.csv", "liste.xlsx", "bilde.png", "../x.pdf", "a" * 300]),
        )
    good = {
        "select": st.sampled_from(item.options) if item.options else TEXT,
        "radio": st.sampled_from(item.options) if item.options else TEXT,
        "checkbox": st.sampled_from(item.options) if item.options else st.just("on"),
        "number": st.integers(min_value=-10, max_value=10_000).map(str),
        "email": st.sampled_from(["ny@lindra.example", "mona@lindra.example", "ikke-en-adresse"]),
        "date": _dates("date"),
        "time": _dates("time"),
        "datetime-local": _dates("datetime-local"),
        "hidden": st.just(item.value) if item.value else OTHER_IDS,
    }.get(item.kind, TEXT)
    many = st.lists(st.one_of(good, BAD), min_size=2, max_size=3)
    return st.one_of(good, good, BAD, many)


@st.composite
def submission(draw, form: Form):
    """A submission of the form: its fields (some left out), and maybe fields it has not."""
    data = {}
    for name, item in form.fields.items():
        if name == "csrfmiddlewaretoken" or draw(st.integers(0, 9)) == 0:
            continue  # a field left out
        data[name] = draw(value_for(item))
    extra_names = [name for name in EXTRA_NAMES if name not in form.fields]
    # Whether this case compares the submission with and without the extra fields (it costs two
    # dumps of the database and a second request, so one case in four).
    compare = draw(st.integers(0, 3)) == 0
    extras = draw(
        st.dictionaries(st.sampled_from(extra_names), st.one_of(st.just("1"), st.just("on"), OTHER_IDS), max_size=3)
    )
    return data, extras, compare


# What changed ------------------------------------------------------------------------------

# Tables whose rows change with every request or hold random values: sessions, the audit
# log (it records refused access), the task queue and the cache. Of the outbox, the message's
# text is left out (its links carry ids and random tokens); whether it was queued, to whom and
# with what subject is compared; of its attachments, their names and kinds, not their stored
# contents (a PDF names the ids of rows, which differ between two runs on PostgreSQL, and so
# does the hash it is stored by).
VOLATILE_TABLES = {"django_session", "core_auditevent", "django_tasks_db_dbtaskresult", "mail_outboxblob"}
RANDOM_COLUMNS = ("token", "hash", "message_id", "key", "secret", "password", "last_login", "body_", "blob")


_COLUMNS: dict[str, dict[str, list[str]]] = {}


def _columns() -> dict[str, list[str]]:
    """The columns of each table to compare, read once per database."""
    if connection.vendor not in _COLUMNS:
        found = {}
        with connection.cursor() as cursor:
            for table in sorted(set(connection.introspection.table_names()) - VOLATILE_TABLES):
                found[table] = [
                    c.name
                    for c in connection.introspection.get_table_description(cursor, table)
                    if not any(word in c.name for word in RANDOM_COLUMNS)
                    # PostgreSQL's sequences are not rolled back: new rows get other ids.
                    and (connection.vendor == "sqlite" or not (c.name == "id" or c.name.endswith("_id")))
                ]
        _COLUMNS[connection.vendor] = {table: columns for table, columns in found.items() if columns}
    return _COLUMNS[connection.vendor]


def snapshot() -> dict[str, list[str]]:
    """Every row of every table but the volatile ones, without random values, to compare what
    two submissions did."""
    rows = {}
    with connection.cursor() as cursor:
        for table, columns in _columns().items():
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")
            # Files made anew (a PDF carries the time it was made) count by being there.
            rows[table] = sorted(
                repr(tuple("<bytes>" if isinstance(v, bytes | memoryview) else v for v in row))
                for row in cursor.fetchall()
            )
    return rows


def row_counts() -> tuple:
    """How many rows each table but the volatile ones has, in one query: whether a request that
    should record nothing added or removed something."""
    tables = list(_columns())
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def differences(before: dict, after: dict) -> list[str]:
    return [
        f"{table}: {before.get(table)!r:.200} → {after.get(table)!r:.200}"
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    ]
