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
from dataclasses import dataclass

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
    """What the check and the import need to know of the registry, looked up once."""

    groups: dict[str, int]  # lower-case name -> id
    workplaces: dict[str, list[tuple[int, str]]]  # lower-case name -> [(id, municipality number)]
    municipalities: dict[str, str]  # number and lower-case name -> number
    municipality_names: dict[str, str]  # number -> name
    people: dict[str, int]  # lower-case e-mail -> person id
    names: dict[str, str]  # lower-case e-mail -> the person's name as registered
    members: set[int]  # ids of people already members of the network


@dataclass
class Sheet:
    """A file as read: its rows, and the headings it gives its columns."""

    rows: list[dict]
    headings: dict[str, str]  # column -> its heading as the file writes it
    heading_line: int


# --- Reading --------------------------------------------------------------------------------


def read_sheet(filename: str, content: bytes) -> Sheet:
    """The rows of the file as {column: text, "line": n}, with its headings, or ImportFileError."""
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
    written = {column: str(headings[index]).strip() for index, column in columns.items()}
    return Sheet(rows, written, heading_line)


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
    try:
        return [(n, row) for n, row in enumerate(reader, 1)]
    except csv.Error as error:
        raise ImportFileError(
            _("Linje %(line)s i filen kunne ikke leses som CSV. Lagre filen på nytt som CSV UTF-8 og prøv igjen.")
            % {"line": reader.line_num}
        ) from error


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


def known_names(rows: list[dict]) -> dict[str, tuple[str, str]]:
    """The name the file gives each e-mail address, as (given, family): a member's from their
    own line; a nearest leader's full name from some line (a leader new to the registry needs
    a name on one line, not on every line; the last word is the family name)."""
    names: dict[str, tuple[str, str]] = {}
    for row in rows:
        email = row.get("email", "").lower()
        if email and row.get("given_name") and row.get("family_name"):
            names.setdefault(email, (row["given_name"], row["family_name"]))
    for row in rows:
        name = " ".join(row.get("leader_name", "").split())
        email = row.get("leader_email", "").lower()
        if email and len(name.split()) >= 2:
            given, _space, family = name.rpartition(" ")
            names.setdefault(email, (given, family))
    return names


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _municipality(text: str, registry: Registry) -> str | None:
    text = text.strip().lower()
    return registry.municipalities.get(text.zfill(4)) or registry.municipalities.get(text)


def _workplace_of(row: dict, registry: Registry) -> tuple[str, object]:
    """Where a line's workplace is: ("known", id); ("new", (name, municipality number)) to
    be created; ("ambiguous", [municipality numbers]); ("unknown", None) without a
    municipality to create it in; or ("bad_municipality", None)."""
    name = row.get("workplace", "")
    named = registry.workplaces.get(name.lower(), [])
    given = row.get("municipality", "")
    number = _municipality(given, registry) if given else None
    if given and number is None:
        return "bad_municipality", None
    if number is not None:
        there = [pk for pk, municipality in named if municipality == number]
        return ("known", there[0]) if there else ("new", (name, number))
    if len(named) == 1:
        return "known", named[0][0]
    if named:
        return "ambiguous", sorted({municipality for _pk, municipality in named})
    return "unknown", None


def check_rows(
    rows: list[dict], registry: Registry, today: dt.date, *, headings: dict[str, str], heading_line: int = 1
) -> tuple[list[Problem], list[Problem]]:
    """Every problem (which blocks the import) and warning (which does not), by line and by
    the column as the file names it."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    names = known_names(rows)
    seen_emails: dict[str, int] = {}

    def heading(column: str) -> str:
        return headings.get(column, HEADINGS[column])

    if "leader_email" not in headings:
        warnings.append(
            Problem(
                heading_line,
                "",
                _("Filen har ingen kolonne «%(column)s». Medlemmene blir lagt inn uten nærmeste leder.")
                % {"column": HEADINGS["leader_email"]},
            )
        )
    for row in rows:
        line = row["line"]

        def problem(column: str, message: str, line=line) -> None:
            problems.append(Problem(line, heading(column), message))

        def warning(column: str, message: str, line=line) -> None:
            warnings.append(Problem(line, heading(column), message))

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
        if row.get("workplace"):
            _check_workplace(row, registry, "municipality" in headings, problem)
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
        leader_name = " ".join(row.get("leader_name", "").split())
        if not leader_email:
            if leader_name and "leader_email" in headings:
                warning(
                    "leader_email",
                    _("Nærmeste leder «%(name)s» har ingen e-post, og blir ikke registrert.") % {"name": leader_name},
                )
            elif "leader_email" in headings:
                warning("leader_email", _("Mangler nærmeste leder."))
        elif not _is_email(leader_email):
            problem("leader_email", _("«%(value)s» er ikke en gyldig e-postadresse.") % {"value": row["leader_email"]})
        elif leader_email == email:
            problem("leader_email", _("En person kan ikke være sin egen nærmeste leder."))
        elif leader_email not in registry.people and leader_email not in names:
            if "leader_name" in headings:
                problem("leader_name", _("Lederen er ny i registeret. Skriv fullt navn."))
            else:
                problem(
                    "leader_email",
                    _("Lederen er ny i registeret. Legg til en kolonne «%(column)s» med fullt navn.")
                    % {"column": HEADINGS["leader_name"]},
                )
        elif leader_name:
            _check_leader_name(leader_email, leader_name, registry, names, warning)
        person_id = registry.people.get(email)
        if person_id in registry.members:
            warning("email", _("Er allerede medlem. Raden hoppes over."))
        elif person_id is not None:
            registered = registry.names[email]
            typed = f"{row.get('given_name', '')} {row.get('family_name', '')}"
            if not _same_name(typed, registered):
                warning(
                    "given_name",
                    _("Personen er registrert som «%(name)s». Navnet i filen brukes ikke.") % {"name": registered},
                )
    return problems, warnings


def _check_leader_name(email: str, name: str, registry: Registry, names: dict, warning) -> None:
    """A name the line gives a known nearest leader, or another than the file gives first, is
    not used: say so."""
    registered = registry.names.get(email)
    if registered is not None and not _same_name(name, registered):
        warning(
            "leader_name", _("Lederen er registrert som «%(name)s». Navnet i filen brukes ikke.") % {"name": registered}
        )
    elif registered is None and len(name.split()) >= 2 and not _same_name(name, " ".join(names[email])):
        warning(
            "leader_name",
            _("Lederen heter «%(name)s» et annet sted i filen. Det navnet brukes.") % {"name": " ".join(names[email])},
        )


def _check_workplace(row: dict, registry: Registry, has_municipalities: bool, problem) -> None:
    found, detail = _workplace_of(row, registry)
    workplace = row["workplace"]
    if found == "bad_municipality":
        problem("municipality", _("Ukjent kommune «%(value)s».") % {"value": row["municipality"]})
    elif found == "ambiguous":
        places = ", ".join(detail)
        if has_municipalities:
            problem(
                "municipality",
                _("Flere arbeidssteder heter «%(value)s» (kommunenummer %(places)s). Oppgi kommunenummer.")
                % {"value": workplace, "places": places},
            )
        else:
            problem(
                "workplace",
                _(
                    "Flere arbeidssteder heter «%(value)s» (kommunenummer %(places)s). "
                    "Legg til en kolonne «Kommunenummer»."
                )
                % {"value": workplace, "places": places},
            )
    elif found == "unknown":
        if has_municipalities:
            message = _("Ukjent arbeidssted «%(value)s». Oppgi kommunenummer, så opprettes det.")
        else:
            message = _("Ukjent arbeidssted «%(value)s». Legg til en kolonne «Kommunenummer», så opprettes det.")
        problem("workplace", message % {"value": workplace})


def registry_for(network) -> Registry:
    people, names = {}, {}
    for pk, email, given, family in Person.objects.exclude(email=None).values_list(
        "pk", "email", "given_name", "family_name"
    ):
        people[email.lower()] = pk
        names[email.lower()] = f"{given} {family}"
    municipalities = dict(Municipality.objects.values_list("number", "name"))
    workplaces: dict[str, list[tuple[int, str]]] = {}
    for pk, name, municipality in Workplace.objects.open().values_list("pk", "name", "municipality_id"):
        workplaces.setdefault(name.lower(), []).append((pk, municipality))
    return Registry(
        groups={
            name.lower(): pk for pk, name in network.groups.filter(closed_on__isnull=True).values_list("pk", "name")
        },
        workplaces=workplaces,
        municipalities={
            **{number: number for number in municipalities},
            **{name.lower(): number for number, name in municipalities.items()},
        },
        municipality_names=municipalities,
        people=people,
        names=names,
        members=set(
            Membership.objects.filter(network=network, ends_on__isnull=True).values_list("person_id", flat=True)
        ),
    )


def check_upload(network, *, filename: str, content: bytes, by) -> ImportBatch:
    sheet = read_sheet(filename, content)
    problems, warnings = check_rows(
        sheet.rows,
        registry_for(network),
        timezone.localdate(),
        headings=sheet.headings,
        heading_line=sheet.heading_line,
    )
    return ImportBatch.objects.create(
        network=network,
        filename=filename[:200],
        uploaded_by=by,
        rows=sheet.rows,
        problems=[p.as_dict() for p in problems],
        warnings=[w.as_dict() for w in warnings],
    )


def lines_with_problems(batch: ImportBatch) -> list[int]:
    return sorted({p["line"] for p in batch.problems})


# --- Planning: what the import will create ------------------------------------------------------


@dataclass
class NewPerson:
    email: str
    given_name: str
    family_name: str
    lines: list[int]  # where a leader is first seen, then every line that names them

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass
class NewWorkplace:
    name: str
    municipality: str  # number
    municipality_name: str
    lines: list[int]


@dataclass
class PlannedMembership:
    row: dict
    person: str  # the member's e-mail, registered or new
    name: str  # as registered, or as the file gives it for someone new
    new_person: bool
    workplace: int | tuple[str, str]  # an id, or (name, municipality number) of a new one
    leader: str | None  # the nearest leader's e-mail
    leader_name: str
    starts_on: dt.date | None  # None: the day of the import

    @property
    def new_workplace(self) -> bool:
        return isinstance(self.workplace, tuple)


@dataclass
class Plan:
    memberships: list[PlannedMembership]
    leaders: list[NewPerson]  # nearest leaders new to the registry (not members in the file)
    workplaces: list[NewWorkplace]
    unchanged: list[int]  # lines of people already members, left alone

    @property
    def new_people(self) -> int:
        return sum(m.new_person for m in self.memberships)


def plan_import(rows: list[dict], registry: Registry, *, names: dict[str, tuple[str, str]]) -> Plan:
    """What importing these checked lines creates, each thing once: a person or nearest leader
    is matched by e-mail in the registry and in the file, a workplace by name and municipality.
    `names` are the names the whole file gives (known_names), lines left out included."""
    memberships: list[PlannedMembership] = []
    leaders: dict[str, NewPerson] = {}
    workplaces: dict[tuple[str, str], NewWorkplace] = {}
    unchanged: list[int] = []
    new_members = {row["email"].lower() for row in rows if row["email"].lower() not in registry.people}
    for row in rows:
        email = row["email"].lower()
        person_id = registry.people.get(email)
        if person_id in registry.members:
            unchanged.append(row["line"])
            continue
        found, where = _workplace_of(row, registry)
        if found == "new":
            name, number = where
            new = NewWorkplace(name, number, registry.municipality_names[number], [])
            workplaces.setdefault((name.lower(), number), new).lines.append(row["line"])
            where = (name.lower(), number)
        leader = row.get("leader_email", "").lower() or None
        if leader and leader not in registry.people and leader not in new_members:
            given, family = names[leader]
            leaders.setdefault(leader, NewPerson(leader, given, family, [])).lines.append(row["line"])
        memberships.append(
            PlannedMembership(
                row=row,
                person=email,
                name=registry.names.get(email) or f"{row['given_name']} {row['family_name']}",
                new_person=person_id is None,
                workplace=where,
                leader=leader,
                leader_name=(registry.names.get(leader) or " ".join(names[leader])) if leader else "",
                starts_on=parse_date(row.get("starts_on", "")),
            )
        )
    return Plan(memberships, list(leaders.values()), list(workplaces.values()), unchanged)


def plan_for(batch: ImportBatch) -> Plan:
    """What importing the batch would create now, leaving out the lines with problems."""
    skipped = set(lines_with_problems(batch))
    rows = [row for row in batch.rows if row["line"] not in skipped]
    return plan_import(rows, registry_for(batch.network), names=known_names(batch.rows))


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
    plan = plan_import(rows, registry, names=known_names(batch.rows))  # names from lines left out too
    workplaces = {(w.name.lower(), w.municipality): _create_workplace(w).pk for w in plan.workplaces}
    people = dict(registry.people)
    for leader in plan.leaders:
        people[leader.email] = Person.objects.create(
            given_name=leader.given_name, family_name=leader.family_name, email=leader.email
        ).pk
    for planned in plan.memberships:  # the members first: a member may lead another in the file
        if planned.new_person:
            row = planned.row
            people[planned.person] = Person.objects.create(
                given_name=row["given_name"],
                family_name=row["family_name"],
                email=planned.person,
                phone=row.get("phone", ""),
                profession=PROFESSION_BY_TEXT.get(row.get("profession", "").lower(), ""),
            ).pk
    today = timezone.localdate()
    new_memberships = []
    for done, planned in enumerate(plan.memberships, 1):
        if done % 50 == 0 or done == len(plan.memberships):
            cache.set(progress_key(batch.pk), {"done": done, "total": len(plan.memberships)}, 3600)
        row = planned.row
        new_memberships.append(
            Membership.objects.create(
                person_id=people[planned.person],
                network=network,
                local_group_id=registry.groups[row["local_group"].lower()],
                workplace_id=workplaces.get(planned.workplace, planned.workplace),
                nearest_leader_id=people[planned.leader] if planned.leader else None,
                starts_on=planned.starts_on or today,
            )
        )
    record_joined(new_memberships, by=batch.uploaded_by)
    return {
        "people": plan.new_people,
        "leaders": len(plan.leaders),
        "workplaces": len(plan.workplaces),
        "memberships": len(plan.memberships),
        "unchanged": len(plan.unchanged),
    }


def _create_workplace(new: NewWorkplace) -> Workplace:
    municipality = Municipality.objects.get(pk=new.municipality)
    organisation, _created = Organisation.objects.get_or_create(
        name=f"{municipality.name} kommune", defaults={"kind": Organisation.Kind.MUNICIPALITY}
    )
    return Workplace.objects.create(
        name=new.name, kind=Workplace.Kind.OTHER, municipality=municipality, organisation=organisation
    )
