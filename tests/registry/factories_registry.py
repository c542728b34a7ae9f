"""Small builders the registry tests need beyond tests/factories.py: extra secretaries,
spreadsheets and CSV files made in memory, and reading a downloaded spreadsheet."""

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence

from django.http import HttpResponse
from openpyxl import Workbook, load_workbook

from lindra.accounts.models import User
from lindra.registry.models import Network, Person, Term
from tests import factories as f

# The headings of the import file, as the secretariat's own spreadsheets spell them.
HEADINGS = [
    "Fornavn",
    "Etternavn",
    "E-post",
    "Telefon",
    "Yrke",
    "Lokalgruppe",
    "Arbeidssted",
    "Kommunenummer",
    "Nærmeste leder",
    "Leders e-post",
    "Startdato",
]


def secretary(network: Network, given_name: str = "Sanna", family_name: str | None = None) -> User:
    """Another member of the network's secretariat, who can sign in."""
    person = f.person_with_user(given_name, family_name)
    f.term(person, Term.Kind.SECRETARIAT, network=network, starts_on=f.today() - dt.timedelta(days=30))
    return person.user


def leader(given_name: str = "Liv", family_name: str | None = None, **fields) -> Person:
    """A nearest leader: a person in the registry, not a member."""
    return f.person(given_name, family_name, **fields)


def xlsx_file(rows: Sequence[Sequence], headings: Sequence[str] = HEADINGS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Medlemmer"
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(
    rows: Sequence[Sequence],
    headings: Sequence[str] = HEADINGS,
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def spreadsheet(response: HttpResponse) -> list[list]:
    """The rows of a downloaded spreadsheet's first sheet, heading row first."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert re.search(r'attachment; filename=".+\.xlsx"', response["Content-Disposition"])
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]
