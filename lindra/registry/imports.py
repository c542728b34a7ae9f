"""Importing members from the secretariat's spreadsheet (XLSX or CSV).

Three steps: read the file into rows (read_rows), check every row against the registry and
report every problem with its line and column (check_rows, pure), then create everything in
one transaction (apply_import). Nothing is created while a problem remains, unless the
secretariat chooses to leave those lines out. Importing the same file again creates nothing
new: people are matched by e-mail, memberships by person and network.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from lindra.core.audit import record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.registry.models import (
    ImportBatch,
    Membership,
    Municipality,
    Organisation,
    Person,
    Profession,
    Workplace,
)
from lindra.registry.services import record_joined

MAX_ROWS = 20_000

# Column -> the headings accepted for it (compared in lower case, without spaces around).
COLUMNS = {
    "given_name": ("fornavn",),
    "family_name": ("etternavn",),
    "email": ("e-post", "epost", "e-postadresse", "email"),
    "phone": ("telefon", "mobil", "tlf"),
    "profession": ("yrke", "profesjon", "yrkeskode"),
    "local_group": ("lokalgruppe", "gruppe", "lokal nettverksgruppe", "lokalnettverk"),
    "workplace": ("arbeidssted", "enhet", "avdeling"),
    "municipality": ("kommunenummer", "kommunenr", "kommune"),
    "leader_name": ("nærmeste leder", "leder"),
    "leader_email": ("leders e-post", "nærmeste leders e-post", "leder e-post"),
    "starts_on": ("startdato", "start", "medlem fra"),
}
REQUIRED = ("given_name", "family_name", "email", "local_group", "workplace")
HEADINGS = {
    "given_name": "Fornavn",
    "family_name": "Etternavn",
    "email": "E-post",
    "phone": "Telefon",
    "profession": "Yrke",
    "local_group": "Lokalgruppe",
    "workplace": "Arbeidssted",
    "municipality": "Kommunenummer",
    "leader_name": "Nærmeste leder",
    "leader_email": "Leders e-post",
    "starts_on": "Startdato",
}


class ImportFileError(DomainError):
    """The file cannot be read as a spreadsheet of members."""


@dataclass
class Problem:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class Registry:
    """What the check needs to know of the registry, looked up once."""

    groups: dict[str, int]  # lower-case name -> id
    workplaces: dict[str, int]  # lower-case name -> id
    municipalities: dict[str, str]  # number and lower-case name -> number
    people: dict[str, int]  # e-mail -> person id
    members: set[int]  # ids of people already members of the network
    leaders: dict[str, int] = field(default_factory=dict)


# --- Reading --------------------------------------------------------------------------------


def read_rows(filename: str, content: bytes) -> list[dict]:
    """The rows of the file as {column: text, "line": n}, or ImportFileError."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        table = _read_csv(content)
    else:
        raise ImportFileError(_("Filen må være et regneark (.xlsx) eller en CSV-fil (.csv)."))
    table = [(line, cells) for line, cells in table if any(str(c).strip() for c in cells)]
    if not table:
        raise ImportFileError(_("Filen er tom."))
    heading_line, headings = table[0]
    columns = _map_headings(headings)
    missing = [HEADINGS[c] for c in REQUIRED if c not in columns.values()]
    if missing:
        raise ImportFileError(
            _("Linje %(line)s: fant ikke kolonnene %(missing)s. Første rad må ha overskrifter som %(expected)s.")
            % {
                "line": heading_line,
                "missing": ", ".join(missing),
                "expected": ", ".join(HEADINGS.values()),
            }
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_("Filen har mer enn %(max)s rader. Del den opp.") % {"max": MAX_ROWS})
    rows = []
    for line, cells in table[1:]:
        row = {"line": line}
        for index, column in columns.items():
            value = cells[index] if index < len(cells) else ""
            row[column] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value or "").strip()
        rows.append(row)
    return rows


def _map_headings(headings) -> dict[int, str]:
    known = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    return {
        index: known[str(h).strip().lower()]
        for index, h in enumerate(headings)
        if str(h or "").strip().lower() in known
    }


def _read_xlsx(content: bytes) -> list[tuple[int, list]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise ImportFileError(_("Filen kunne ikke leses som et Excel-regneark (.xlsx).")) from error
    sheet = workbook.worksheets[0]
    return [(n, ["" if c is None else c for c in row]) for n, row in enumerate(sheet.iter_rows(values_only=True), 1)]


def _read_csv(content: bytes) -> list[tuple[int, list]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise ImportFileError(_("Filen har en tegnkoding Lindra ikke kjenner. Lagre den som CSV UTF-8."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(n, row) for n, row in enumerate(reader, 1)]


# --- Checking -----------------------------------------------------------------------------

PROFESSION_BY_TEXT = {
    **{c.value.lower(): c.value for c in Profession},
    **{c.label.lower(): c.value for c in Profession},
}


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def leader_names(rows: list[dict]) -> dict[str, str]:
    """The full name given for each nearest leader's e-mail on some line of the file: a
    leader new to the registry needs a name on one line, not on every line."""
    names: dict[str, str] = {}
    for row in rows:
        name = " ".join(row.get("leader_name", "").split())
        email = row.get("leader_email", "").lower()
        if email and len(name.split()) >= 2:
            names.setdefault(email, name)
    return names


def check_rows(rows: list[dict], registry: Registry, today: dt.date) -> tuple[list[Problem], list[Problem]]:
    """Every problem (which blocks the import) and warning (which does not), by line and column."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    named_leaders = leader_names(rows)
    seen_emails: dict[str, int] = {}
    for row in rows:
        line = row["line"]

        def problem(column: str, message: str, line=line) -> None:
            problems.append(Problem(line, HEADINGS[column], message))

        for column in REQUIRED:
            if not row.get(column):
                problem(column, _("Mangler."))
        email = row.get("email", "").lower()
        if email:
            if not _is_email(email):
                problem("email", _("«%(value)s» er ikke en gyldig e-postadresse.") % {"value": row["email"]})
            elif email in seen_emails:
                problem("email", _("Samme e-post som linje %(line)s.") % {"line": seen_emails[email]})
            else:
                seen_emails[email] = line
        group = row.get("local_group", "")
        if group and group.lower() not in registry.groups:
            problem("local_group", _("Ukjent lokalgruppe «%(value)s».") % {"value": group})
        workplace = row.get("workplace", "")
        if workplace and workplace.lower() not in registry.workplaces:
            municipality = row.get("municipality", "")
            if not municipality:
                problem(
                    "workplace",
                    _("Ukjent arbeidssted «%(value)s». Oppgi kommunenummer, så opprettes det.") % {"value": workplace},
                )
            elif municipality.lower().zfill(4) not in registry.municipalities and municipality.lower() not in (
                registry.municipalities
            ):
                problem("municipality", _("Ukjent kommune «%(value)s».") % {"value": municipality})
        profession = row.get("profession", "")
        if profession and profession.lower() not in PROFESSION_BY_TEXT:
            problem(
                "profession", _("Ukjent yrke «%(value)s». Bruk for eksempel SP, FT eller ET.") % {"value": profession}
            )
        starts_on = row.get("starts_on", "")
        if starts_on:
            date = parse_date(starts_on)
            if date is None:
                problem(
                    "starts_on", _("«%(value)s» er ikke en dato. Skriv for eksempel 01.03.2025.") % {"value": starts_on}
                )
            elif date > today + dt.timedelta(days=366):
                problem("starts_on", _("Datoen er mer enn ett år fram i tid."))
        leader_email = row.get("leader_email", "").lower()
        if leader_email and not _is_email(leader_email):
            problem("leader_email", _("«%(value)s» er ikke en gyldig e-postadresse.") % {"value": row["leader_email"]})
        elif leader_email and leader_email == email:
            problem("leader_email", _("En person kan ikke være sin egen nærmeste leder."))
        elif leader_email and leader_email not in registry.people and leader_email not in named_leaders:
            problem("leader_name", _("Lederen er ny i registeret. Skriv fullt navn."))
        elif not leader_email:
            warnings.append(Problem(line, HEADINGS["leader_email"], _("Mangler nærmeste leder.")))
        if email in registry.people and registry.people[email] in registry.members:
            warnings.append(Problem(line, HEADINGS["email"], _("Er allerede medlem. Raden hoppes over.")))
    return problems, warnings


def registry_for(network) -> Registry:
    people = dict(Person.objects.exclude(email=None).values_list("email", "pk"))
    return Registry(
        groups={
            name.lower(): pk for pk, name in network.groups.filter(closed_on__isnull=True).values_list("pk", "name")
        },
        workplaces={
            name.lower(): pk for pk, name in Workplace.objects.filter(closed_on__isnull=True).values_list("pk", "name")
        },
        municipalities={
            **{number: number for number in Municipality.objects.values_list("number", flat=True)},
            **{name.lower(): number for number, name in Municipality.objects.values_list("number", "name")},
        },
        people=people,
        members=set(
            Membership.objects.filter(network=network, ends_on__isnull=True).values_list("person_id", flat=True)
        ),
    )


def check_upload(network, *, filename: str, content: bytes, by) -> ImportBatch:
    rows = read_rows(filename, content)
    problems, warnings = check_rows(rows, registry_for(network), timezone.localdate())
    return ImportBatch.objects.create(
        network=network,
        filename=filename[:200],
        uploaded_by=by,
        rows=rows,
        problems=[p.as_dict() for p in problems],
        warnings=[w.as_dict() for w in warnings],
    )


def lines_with_problems(batch: ImportBatch) -> list[int]:
    return sorted({p["line"] for p in batch.problems})


# --- Applying -----------------------------------------------------------------------------


def progress_key(batch_id: int) -> str:
    return f"import-progress-{batch_id}"


def start_import(batch: ImportBatch, *, skip_problem_lines: bool, by, request=None) -> None:
    """Queues the import; refused while problems remain that the secretariat did not skip."""
    if batch.status != ImportBatch.Status.CHECKED:
        raise DomainError(_("Denne filen er allerede importert eller under import."))
    if batch.problems and not skip_problem_lines:
        raise DomainError(_("Filen har feil. Rett dem og last opp på nytt, eller velg å hoppe over radene med feil."))
    skipped = lines_with_problems(batch) if skip_problem_lines else []
    if not ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.CHECKED).update(
        status=ImportBatch.Status.QUEUED, skipped_lines=skipped
    ):
        raise DomainError(_("Denne filen er allerede importert eller under import."))
    record(
        AuditAction.CREATED, request=request, actor=by, obj=batch, network=batch.network, changes={"skipped": skipped}
    )
    from lindra.registry.tasks import run_import

    transaction.on_commit(lambda: run_import.enqueue(batch.pk))


def apply_import(batch_id: int) -> dict:
    """Creates the people, leaders, workplaces and memberships of a checked file, all or
    nothing. Progress is kept in the cache, outside the transaction, for the page to show."""
    batch = ImportBatch.objects.select_related("network", "uploaded_by").get(pk=batch_id)
    if not ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING
    ):
        return batch.result
    rows = [row for row in batch.rows if row["line"] not in set(batch.skipped_lines)]
    try:
        with transaction.atomic():
            result = _create_all(batch, rows)
            ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.DONE, result=result)
            record(AuditAction.CREATED, actor=batch.uploaded_by, obj=batch, network=batch.network, changes=result)
    except Exception as error:
        ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.FAILED, error=repr(error)[:2000])
        raise
    finally:
        cache.delete(progress_key(batch_id))
    return result


def _create_all(batch: ImportBatch, rows: list[dict]) -> dict:
    network = batch.network
    registry = registry_for(network)
    today = timezone.localdate()
    counts = {"people": 0, "leaders": 0, "workplaces": 0, "memberships": 0, "unchanged": 0}
    new_memberships = []
    named_leaders = leader_names(batch.rows)  # also from lines left out: the name is still right
    for done, row in enumerate(rows, 1):
        if done % 50 == 0 or done == len(rows):
            cache.set(progress_key(batch.pk), {"done": done, "total": len(rows)}, 3600)
        email = row["email"].lower()
        person_id = registry.people.get(email)
        if person_id in registry.members:
            counts["unchanged"] += 1
            continue
        if person_id is None:
            person = Person.objects.create(
                given_name=row["given_name"],
                family_name=row["family_name"],
                email=email,
                phone=row.get("phone", ""),
                profession=PROFESSION_BY_TEXT.get(row.get("profession", "").lower(), ""),
            )
            person_id = registry.people[email] = person.pk
            counts["people"] += 1
        membership = Membership.objects.create(
            person_id=person_id,
            network=network,
            local_group_id=registry.groups[row["local_group"].lower()],
            workplace_id=_workplace(row, registry, counts),
            nearest_leader_id=_leader(row, registry, counts, named_leaders),
            starts_on=parse_date(row.get("starts_on", "")) or today,
        )
        registry.members.add(person_id)
        new_memberships.append(membership)
        counts["memberships"] += 1
    record_joined(new_memberships, by=batch.uploaded_by)
    return counts


def _workplace(row: dict, registry: Registry, counts: dict) -> int:
    name = row["workplace"]
    if name.lower() not in registry.workplaces:
        text = row["municipality"].lower()
        number = registry.municipalities.get(text.zfill(4)) or registry.municipalities[text]
        organisation, _created = Organisation.objects.get_or_create(
            name=Municipality.objects.get(pk=number).name + " kommune",
            defaults={"kind": Organisation.Kind.MUNICIPALITY},
        )
        workplace = Workplace.objects.create(
            name=name, kind=Workplace.Kind.OTHER, municipality_id=number, organisation=organisation
        )
        registry.workplaces[name.lower()] = workplace.pk
        counts["workplaces"] += 1
    return registry.workplaces[name.lower()]


def _leader(row: dict, registry: Registry, counts: dict, named_leaders: dict[str, str]) -> int | None:
    email = row.get("leader_email", "").lower()
    if not email:
        return None
    if email not in registry.people:
        given, _space, family = named_leaders[email].rpartition(" ")
        leader = Person.objects.create(given_name=given, family_name=family, email=email)
        registry.people[email] = leader.pk
        counts["leaders"] += 1
    return registry.people[email]
