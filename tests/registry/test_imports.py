"""Importing members from the secretariat's spreadsheet (XLSX or CSV): every problem is shown
by line and column before anything is created; then everything goes in one transaction,
and importing the same file again creates nothing new."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindra.core.errors import DomainError
from lindra.registry import imports, services
from lindra.registry.imports import ImportFileError
from lindra.registry.models import Change, ChangeKind, ImportBatch, Membership, Person, Term, Workplace
from lindra.registry.queries import name_list
from tests import factories as f
from tests.registry.factories_registry import HEADINGS, csv_file, secretary, xlsx_file

MISSING_COLUMNS = "fant ikke kolonnene"


@pytest.fixture
def klb(db):
    """Network A with two groups, a known workplace and a known nearest leader."""
    network = f.network("KLB Vestland", secretariat_email="lindrende.behandling@klb.example")
    f.municipality("4601", "Bergen")
    f.municipality("4631", "Alver")
    return {
        "network": network,
        "bergen": f.group(network, "Bergen sentrum"),
        "aasane": f.group(network, "Åsane"),
        "loevaasen": f.workplace("Løvåsen sykehjem"),
        "liv": f.person("Liv", "Leder", email="liv.leder@bergen.example"),
        "siri": secretary(network, "Siri", "Sekretær"),
    }


def row(n: int, **values) -> list:
    """A good line of the file: a new nurse in Bergen sentrum at Løvåsen, led by Liv."""
    line = {
        "Fornavn": "Kari",
        "Etternavn": f"Nordmann{n}",
        "E-post": f"kari{n}@bergen.example",
        "Telefon": f"900 00 {n:03d}",
        "Yrke": "SP",
        "Lokalgruppe": "Bergen sentrum",
        "Arbeidssted": "Løvåsen sykehjem",
        "Kommunenummer": "",
        "Nærmeste leder": "",
        "Leders e-post": "liv.leder@bergen.example",
        "Startdato": "01.03.2025",
    } | values
    return [line[heading] for heading in HEADINGS]


def check(klb, filename: str, content: bytes) -> ImportBatch:
    return imports.check_upload(klb["network"], filename=filename, content=content, by=klb["siri"])


def run(batch: ImportBatch, capture, *, by, skip: bool = False) -> ImportBatch:
    """Starts the import; the task runs once the transaction commits, as on the server."""
    with capture(execute=True):
        imports.start_import(batch, skip_problem_lines=skip, by=by)
    batch.refresh_from_db()
    return batch


def counts() -> tuple[int, int, int, int]:
    return Person.objects.count(), Membership.objects.count(), Workplace.objects.count(), Change.objects.count()


# Reading the file ------------------------------------------------------------------------------


def test_a_file_without_the_required_columns_is_refused_naming_what_is_missing(klb):
    content = csv_file([["Kari Nordmann", "kari@bergen.example", "Bergen sentrum"]], ["Navn", "Epost", "Gruppe"])
    with pytest.raises(ImportFileError) as refused:
        check(klb, "medlemmer.csv", content)
    message = str(refused.value)
    assert message.startswith("Linje 1: fant ikke kolonnene Fornavn, Etternavn, Arbeidssted.")
    assert "Første rad må ha overskrifter som Fornavn, Etternavn, E-post" in message
    assert not ImportBatch.objects.exists()


def test_the_headings_are_found_below_empty_lines_whatever_their_case_and_spelling(klb):
    headings = [
        " fornavn ",
        "ETTERNAVN",
        "Epost",
        "Mobil",
        "Gruppe",
        "Avdeling",
        "Leder e-post",
        "Medlem fra",
        "Merknad",
    ]
    content = csv_file(
        [
            [
                "Kari",
                "Nordmann",
                "kari@bergen.example",
                "900",
                "Bergen sentrum",
                "Løvåsen sykehjem",
                "",
                "2025-03-01",
                "x",
            ]
        ],
        headings,
    )
    batch = check(klb, "medlemmer.csv", b";;;\r\n\r\n" + content)
    assert batch.problems == []
    [read] = batch.rows
    assert read == {
        "line": 4,
        "given_name": "Kari",
        "family_name": "Nordmann",
        "email": "kari@bergen.example",
        "phone": "900",
        "local_group": "Bergen sentrum",
        "workplace": "Løvåsen sykehjem",
        "leader_email": "",
        "starts_on": "2025-03-01",
    }
    content = csv_file([["Kari"]], ["Fornavn"])
    with pytest.raises(ImportFileError, match=r"^Linje 3: fant ikke kolonnene Etternavn, E-post, Lokalgruppe"):
        check(klb, "medlemmer.csv", b"\r\n\r\n" + content)


def test_a_csv_file_saved_by_excel_in_windows_1252_keeps_its_norwegian_letters(klb):
    content = csv_file(
        [row(1, Fornavn="Åse Marie", Etternavn="Ødegård-Ærø", Lokalgruppe="Åsane", Arbeidssted="Løvåsen sykehjem")],
        encoding="cp1252",
    )
    assert "Ødegård".encode("cp1252") in content
    batch = check(klb, "medlemmer.csv", content)
    assert batch.problems == []
    assert (batch.rows[0]["given_name"], batch.rows[0]["family_name"]) == ("Åse Marie", "Ødegård-Ærø")
    assert batch.rows[0]["local_group"] == "Åsane"


def test_a_utf8_csv_with_a_byte_order_mark_and_semicolons_is_read(klb):
    content = "\ufeff".encode() + csv_file([row(1, Fornavn="Bjørn"), row(2)], delimiter=";")
    batch = check(klb, "medlemmer.csv", content)
    assert batch.problems == []
    assert [r["given_name"] for r in batch.rows] == ["Bjørn", "Kari"]
    assert [r["line"] for r in batch.rows] == [2, 3]


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_a_csv_with_commas_or_tabs_is_read(klb, delimiter):
    batch = check(klb, "medlemmer.txt", csv_file([row(1), row(2)], delimiter=delimiter))
    assert batch.problems == []
    assert [r["email"] for r in batch.rows] == ["kari1@bergen.example", "kari2@bergen.example"]


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        (
            "medlemmer.xlsx",
            b"PK\x03\x04 dette er ikke et regneark",
            "Filen kunne ikke leses som et Excel-regneark (.xlsx).",
        ),
        ("medlemmer.xlsx", b"Fornavn;Etternavn\n", "Filen kunne ikke leses som et Excel-regneark (.xlsx)."),
        ("medlemmer.pdf", b"%PDF-1.4", "Filen må være et regneark (.xlsx) eller en CSV-fil (.csv)."),
        ("medlemmer.csv", b"", "Filen er tom."),
        ("medlemmer.csv", b";;;\r\n ; ;\r\n", "Filen er tom."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(klb, filename, content, message):
    with pytest.raises(ImportFileError, match=re.escape(message)):
        check(klb, filename, content)
    assert not ImportBatch.objects.exists()


# Checking every line ----------------------------------------------------------------------------


def test_every_problem_is_reported_by_line_and_column_and_nothing_is_created(klb, django_capture_on_commit_callbacks):
    before = counts()
    content = xlsx_file(
        [
            row(1),
            row(2, **{"E-post": "kari2(at)bergen.example"}),
            row(3, Lokalgruppe="Fana"),
            row(4, **{"E-post": "KARI1@bergen.example"}),
            row(5, Arbeidssted="Nytt bofellesskap"),
            row(6, Startdato="31.02.2025"),
            row(7, **{"Leders e-post": "hilde@bergen.example", "Nærmeste leder": "Hilde"}),
            row(8, Fornavn=""),
            row(9, Arbeidssted="Fjellheim", Kommunenummer="9999"),
            row(10, Yrke="Kokk"),
            row(11, **{"Leders e-post": "liv.leder"}),
            row(12, **{"Leders e-post": "kari12@bergen.example"}),
        ]
    )
    batch = check(klb, "medlemmer.xlsx", content)
    assert batch.problems == [
        {"line": 3, "column": "E-post", "message": "«kari2(at)bergen.example» er ikke en gyldig e-postadresse."},
        {"line": 4, "column": "Lokalgruppe", "message": "Ukjent lokalgruppe «Fana»."},
        {"line": 5, "column": "E-post", "message": "Samme e-post som linje 2."},
        {
            "line": 6,
            "column": "Arbeidssted",
            "message": "Ukjent arbeidssted «Nytt bofellesskap». Oppgi kommunenummer, så opprettes det.",
        },
        {"line": 7, "column": "Startdato", "message": "«31.02.2025» er ikke en dato. Skriv for eksempel 01.03.2025."},
        {"line": 8, "column": "Nærmeste leder", "message": "Lederen er ny i registeret. Skriv fullt navn."},
        {"line": 9, "column": "Fornavn", "message": "Mangler."},
        {"line": 10, "column": "Kommunenummer", "message": "Ukjent kommune «9999»."},
        {"line": 11, "column": "Yrke", "message": "Ukjent yrke «Kokk». Bruk for eksempel SP, FT eller ET."},
        {"line": 12, "column": "Leders e-post", "message": "«liv.leder» er ikke en gyldig e-postadresse."},
        {"line": 13, "column": "Leders e-post", "message": "En person kan ikke være sin egen nærmeste leder."},
    ]
    assert imports.lines_with_problems(batch) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    assert counts() == before

    with pytest.raises(DomainError, match=re.escape("Filen har feil. Rett dem og last opp på nytt")):
        run(batch, django_capture_on_commit_callbacks, by=klb["siri"])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CHECKED
    assert counts() == before


def test_a_missing_leader_or_an_existing_member_is_a_warning_not_a_problem(klb):
    kari = f.person("Kari", "Nordmann1", email="kari1@bergen.example")
    f.membership(kari, klb["bergen"])
    batch = check(klb, "medlemmer.csv", csv_file([row(1), row(2, **{"Leders e-post": ""})]))
    assert batch.problems == []
    assert batch.warnings == [
        {"line": 2, "column": "E-post", "message": "Er allerede medlem. Raden hoppes over."},
        {"line": 3, "column": "Leders e-post", "message": "Mangler nærmeste leder."},
    ]


def test_duplicate_rows_are_caught_and_the_first_can_be_imported_alone(klb, django_capture_on_commit_callbacks):
    batch = check(klb, "medlemmer.csv", csv_file([row(1), row(1), row(2)]))
    assert batch.problems == [{"line": 3, "column": "E-post", "message": "Samme e-post som linje 2."}]
    batch = run(batch, django_capture_on_commit_callbacks, by=klb["siri"], skip=True)
    assert batch.skipped_lines == [3]
    assert sorted(Person.objects.filter(email__startswith="kari").values_list("email", flat=True)) == [
        "kari1@bergen.example",
        "kari2@bergen.example",
    ]
    assert batch.result["memberships"] == 2


def test_with_skip_the_good_lines_are_imported_and_the_bad_ones_listed_as_skipped(
    klb, django_capture_on_commit_callbacks
):
    content = csv_file([row(1), row(2, Lokalgruppe="Fana"), row(3), row(4, Startdato="i fjor")])
    batch = check(klb, "medlemmer.csv", content)
    batch = run(batch, django_capture_on_commit_callbacks, by=klb["siri"], skip=True)
    assert batch.status == ImportBatch.Status.DONE
    assert batch.skipped_lines == [3, 5]
    assert batch.result == {"people": 2, "leaders": 0, "workplaces": 0, "memberships": 2, "unchanged": 0}
    assert set(Membership.objects.values_list("person__email", flat=True)) == {
        "kari1@bergen.example",
        "kari3@bergen.example",
    }


# Importing -------------------------------------------------------------------------------------


def clean_file() -> bytes:
    """Four new members: one with a new leader, one at a new workplace in Alver; dates,
    phone numbers and municipality numbers as Excel keeps them."""
    return xlsx_file(
        [
            row(1, Startdato=dt.datetime(2025, 3, 1), Telefon=90000001),
            row(
                2,
                Fornavn="Åse",
                Etternavn="Ødegård",
                Yrke="Fysioterapeut",
                Lokalgruppe="åsane",
                Arbeidssted="Knarvik sjukeheim",
                Kommunenummer=4631,
                **{"Nærmeste leder": "Hilde Marie Hovedleder", "Leders e-post": "Hilde.Hovedleder@alver.example"},
            ),
            row(3, **{"Leders e-post": "hilde.hovedleder@alver.example", "Nærmeste leder": ""}, Startdato=""),
            row(4, **{"Leders e-post": ""}),
        ]
    )


def test_a_clean_file_creates_people_leaders_workplaces_and_memberships_with_their_history(
    klb, django_capture_on_commit_callbacks
):
    batch = check(klb, "medlemmer.xlsx", clean_file())
    assert batch.problems == []
    batch = run(batch, django_capture_on_commit_callbacks, by=klb["siri"])
    assert batch.status == ImportBatch.Status.DONE
    assert batch.result == {"people": 4, "leaders": 1, "workplaces": 1, "memberships": 4, "unchanged": 0}

    aase = Person.objects.get(email="kari2@bergen.example")
    assert (aase.full_name, aase.profession) == ("Åse Ødegård", "FT")
    kari1 = Person.objects.get(email="kari1@bergen.example")
    assert kari1.phone == "90000001"
    hilde = Person.objects.get(email="hilde.hovedleder@alver.example")
    assert (hilde.given_name, hilde.family_name) == ("Hilde Marie", "Hovedleder")
    knarvik = Workplace.objects.get(name="Knarvik sjukeheim")
    assert (knarvik.municipality_id, knarvik.organisation.name) == ("4631", "Alver kommune")

    memberships = {m.person.email: m for m in Membership.objects.select_related("person", "nearest_leader")}
    assert memberships["kari1@bergen.example"].starts_on == dt.date(2025, 3, 1)
    assert memberships["kari3@bergen.example"].starts_on == f.today()  # no date: from today
    assert memberships["kari2@bergen.example"].local_group == klb["aasane"]
    assert memberships["kari3@bergen.example"].nearest_leader == hilde
    assert memberships["kari4@bergen.example"].nearest_leader is None
    assert memberships["kari1@bergen.example"].nearest_leader == klb["liv"]

    joined = Change.objects.filter(kind=ChangeKind.JOINED)
    assert joined.count() == 4
    assert {(c.recorded_by, c.effective_on == c.membership.starts_on) for c in joined} == {(klb["siri"], True)}
    on_1_march = [(r.person.email, r.nearest_leader) for r in name_list(klb["bergen"], dt.date(2025, 3, 1))]
    assert on_1_march == [("kari1@bergen.example", klb["liv"]), ("kari4@bergen.example", None)]


def test_a_new_leader_needs_a_full_name_on_one_line_only_wherever_it_is(klb, django_capture_on_commit_callbacks):
    hilde = {"Leders e-post": "hilde@alver.example"}
    content = csv_file(
        [
            row(1, **hilde, **{"Nærmeste leder": ""}),
            row(2, **hilde, **{"Nærmeste leder": "Hilde   Hovedleder"}),
            row(3, **hilde, **{"Nærmeste leder": "Hilde"}),
        ]
    )
    batch = check(klb, "medlemmer.csv", content)
    assert batch.problems == []
    batch = run(batch, django_capture_on_commit_callbacks, by=klb["siri"])
    assert batch.result["leaders"] == 1
    leader = Person.objects.get(email="hilde@alver.example")
    assert (leader.given_name, leader.family_name) == ("Hilde", "Hovedleder")
    assert set(Membership.objects.values_list("nearest_leader", flat=True)) == {leader.pk}


def test_importing_the_same_file_again_creates_nothing_new(klb, django_capture_on_commit_callbacks):
    run(check(klb, "medlemmer.xlsx", clean_file()), django_capture_on_commit_callbacks, by=klb["siri"])
    before = counts()
    again = check(klb, "medlemmer.xlsx", clean_file())
    assert again.problems == []
    assert [w["message"] for w in again.warnings if w["column"] == "E-post"] == [
        "Er allerede medlem. Raden hoppes over."
    ] * 4
    again = run(again, django_capture_on_commit_callbacks, by=klb["siri"])
    assert again.status == ImportBatch.Status.DONE
    assert again.result == {"people": 0, "leaders": 0, "workplaces": 0, "memberships": 0, "unchanged": 4}
    assert counts() == before


def test_a_person_already_in_the_registry_is_made_a_member_without_a_second_person(
    klb, django_capture_on_commit_callbacks
):
    known = f.person("Kari", "Kjent", email="kari1@bergen.example", phone="111")
    batch = run(check(klb, "medlemmer.csv", csv_file([row(1)])), django_capture_on_commit_callbacks, by=klb["siri"])
    assert batch.result["people"] == 0
    assert batch.result["memberships"] == 1
    assert Person.objects.filter(email="kari1@bergen.example").get() == known
    assert Membership.objects.get().person == known


def test_an_import_is_started_once(klb, django_capture_on_commit_callbacks):
    batch = run(check(klb, "medlemmer.csv", csv_file([row(1)])), django_capture_on_commit_callbacks, by=klb["siri"])
    with pytest.raises(DomainError, match=re.escape("Denne filen er allerede importert eller under import.")):
        run(batch, django_capture_on_commit_callbacks, by=klb["siri"])
    assert Membership.objects.count() == 1


def test_five_thousand_rows_are_checked_and_imported_whole(klb, django_capture_on_commit_callbacks):
    groups = [klb["bergen"], klb["aasane"], *(f.group(klb["network"], f"Gruppe {n}") for n in range(8))]
    rows = [
        row(
            n,
            Lokalgruppe=groups[n % len(groups)].name,
            Arbeidssted=f"Enhet {n % 150}",
            Kommunenummer="4601",
            **{"Leders e-post": f"leder{n % 400}@bergen.example", "Nærmeste leder": f"Leder Nummer{n % 400}"},
        )
        for n in range(5000)
    ]
    content = csv_file(rows)
    batch = check(klb, "stor-fil.csv", content)
    assert batch.problems == []
    assert len(batch.rows) == 5000
    batch = run(batch, django_capture_on_commit_callbacks, by=klb["siri"])
    assert batch.status == ImportBatch.Status.DONE
    assert batch.result == {"people": 5000, "leaders": 400, "workplaces": 150, "memberships": 5000, "unchanged": 0}
    assert Membership.objects.count() == Change.objects.filter(kind=ChangeKind.JOINED).count() == 5000
    assert len(name_list(groups[3], f.today())) == 500


# The pages ------------------------------------------------------------------------------------


def upload(client, network, filename: str, content: bytes):
    return client.post(reverse("registry:import", args=[network.pk]), {"file": SimpleUploadedFile(filename, content)})


def test_an_unreadable_upload_answers_400_with_the_reason_beside_the_file_field(world, client_as):
    siri = client_as("secretariat")
    response = upload(siri, world.network_a, "medlemmer.xlsx", b"ikke et regneark")
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["Filen kunne ikke leses som et Excel-regneark (.xlsx)."]}
    response = upload(siri, world.network_a, "medlemmer.csv", csv_file([["Kari"]], ["Fornavn"]))
    assert response.status_code == 400
    [message] = response.context["form"].errors["file"]
    assert message.startswith("Linje 1: fant ikke kolonnene Etternavn, E-post, Lokalgruppe, Arbeidssted.")
    response = siri.post(reverse("registry:import", args=[world.network_a.pk]), {"file": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["Feltet er påkrevet."]}
    assert not ImportBatch.objects.exists()


def test_the_preview_lists_every_problem_and_imports_only_when_told_to_skip(
    world, client_as, django_capture_on_commit_callbacks
):
    siri = client_as("secretariat")
    content = csv_file(
        [
            row(1, Lokalgruppe="Bergen sentrum", Arbeidssted="Løvåsen sykehjem", **{"Leders e-post": ""}),
            row(2, Lokalgruppe="Fana", Arbeidssted="Løvåsen sykehjem", **{"Leders e-post": ""}),
        ]
    )
    response = upload(siri, world.network_a, "medlemmer.csv", content)
    batch = ImportBatch.objects.get()
    url = reverse("registry:import_batch", args=[world.network_a.pk, batch.pk])
    assert response["Location"] == url
    preview = siri.get(url).text
    assert "<td>3</td><td>Lokalgruppe</td><td>Ukjent lokalgruppe «Fana».</td>" in preview
    assert "Importer og hopp over 1 linje" in preview
    assert Membership.objects.filter(network=world.network_a).count() == 3  # Mona, Aina, Olav

    refused = siri.post(url)
    assert refused.status_code == 400
    assert "Filen har feil. Rett dem og last opp på nytt" in refused.text
    assert Membership.objects.filter(network=world.network_a).count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        assert siri.post(url, {"skip": "1"})["Location"] == url
    assert Membership.objects.filter(network=world.network_a).count() == 4
    done = siri.get(url).text
    assert "Ferdig: 1 nytt medlemskap, 1 ny person, 0 nye ledere og 0 nye arbeidssteder." in done


def test_the_progress_of_a_running_import_is_shown_and_polled(world, client_as):
    batch = ImportBatch.objects.create(
        network=world.network_a,
        filename="stor-fil.xlsx",
        uploaded_by=world.user("secretariat"),
        rows=[{"line": n} for n in range(2, 122)],
        status=ImportBatch.Status.RUNNING,
    )
    cache.set(imports.progress_key(batch.pk), {"done": 50, "total": 120})
    url = reverse("registry:import_batch", args=[world.network_a.pk, batch.pk])
    progress = client_as("secretariat").get(url, headers={"HX-Request": "true"}).text
    cache.delete(imports.progress_key(batch.pk))
    assert "Importerer … 50 av 120 rader" in progress
    assert '<progress max="120" value="50"' in progress
    assert 'hx-trigger="every 1s"' in progress


@pytest.mark.django_db(transaction=True)
def test_a_clean_upload_imports_in_one_go_and_the_progress_reports_done(world, client_as):
    siri = client_as("secretariat")
    f.municipality("4631", "Alver")  # the database is emptied between these tests
    upload(siri, world.network_a, "medlemmer.xlsx", clean_file_for(world))
    batch = ImportBatch.objects.get()
    url = reverse("registry:import_batch", args=[world.network_a.pk, batch.pk])
    assert "Ingen feil. Filen er klar til import." in siri.get(url).text
    assert siri.post(url)["Location"] == url
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert cache.get(imports.progress_key(batch.pk)) is None
    progress = siri.get(url, headers={"HX-Request": "true"})
    assert "<html" not in progress.text
    assert "Ferdig: 3 nye medlemskap, 3 nye personer, 1 ny leder og 1 nytt arbeidssted." in progress.text
    assert "hx-trigger" not in progress.text  # nothing more to wait for
    assert Membership.objects.filter(network=world.network_a).count() == 6


@pytest.mark.django_db(transaction=True)
def test_an_import_that_fails_halfway_leaves_nothing_behind(world, client_as):
    siri = client_as("secretariat")
    doomed = f.group(world.network_a, "Snart nedlagt")
    lars = {"Leders e-post": world.email("nearest_leader")}
    content = csv_file(
        [
            row(1, Arbeidssted="Nytt bofellesskap", Kommunenummer="4601", **lars),
            row(2, **lars),
            row(3, Lokalgruppe="Snart nedlagt", **lars),
        ]
    )
    upload(siri, world.network_a, "medlemmer.csv", content)
    batch = ImportBatch.objects.get()
    assert batch.problems == []
    before = counts()
    # The group is closed between the check and the import.
    services.close_group(doomed, closed_on=f.today(), by=world.user("secretariat"))
    url = reverse("registry:import_batch", args=[world.network_a.pk, batch.pk])
    siri.post(url)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert counts() == before
    assert not Workplace.objects.filter(name="Nytt bofellesskap").exists()
    assert "Importen feilet, og ingenting ble lagt inn." in siri.get(url).text


def clean_file_for(world) -> bytes:
    lars = {"Leders e-post": world.email("nearest_leader")}
    return xlsx_file(
        [
            row(1, Startdato=dt.date(2025, 3, 1), **lars),
            row(2, Arbeidssted="Knarvik sjukeheim", Kommunenummer="4631", Lokalgruppe="Åsane", **lars),
            row(
                3,
                **{"Leders e-post": "hilde@alver.example", "Nærmeste leder": "Hilde Hovedleder"},
            ),
        ]
    )


def test_only_the_networks_secretariat_may_import(world, client_as):
    content = csv_file([row(1)])
    for role, status in [("other_secretariat", 404), ("committee_member", 403), ("group_leader", 404), ("member", 404)]:
        assert upload(client_as(role), world.network_a, "medlemmer.csv", content).status_code == status, role
    assert not ImportBatch.objects.exists()
    # A batch of network A cannot be reached through network B either.
    upload(client_as("secretariat"), world.network_a, "medlemmer.csv", content)
    batch = ImportBatch.objects.get()
    berit = client_as("other_secretariat")
    assert berit.get(reverse("registry:import_batch", args=[world.network_b.pk, batch.pk])).status_code == 404
    assert berit.post(reverse("registry:import_batch", args=[world.network_b.pk, batch.pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CHECKED
    assert not Term.objects.filter(person__email="kari1@bergen.example").exists()


# Columns named as the file names them ------------------------------------------------------------

ALIASES = ["fornavn", "ETTERNAVN", "Epost", "Mobil", "Profesjon", "Gruppe", "Avdeling", "Kommune", "Leder"]
ALIASES += ["Leder e-post", "Medlem fra"]


def aliased(rows: list[list]) -> bytes:
    return csv_file(rows, ALIASES)


def test_every_problem_and_warning_names_a_column_as_the_file_heads_it(klb):
    f.workplace("Hjemmesykepleien", municipality=f.municipality("4601", "Bergen"))
    f.workplace("Hjemmesykepleien", municipality=f.municipality("4631", "Alver"))
    known = f.person("Kari", "Kjent", email="kari.kjent@bergen.example")
    lines = [
        ["", "Nordmann", "kari1(at)bergen.example", "9", "Kokk", "Fana", "Løvåsen sykehjem", "", "", "", "i fjor"],
        ["Kari", "Nordmann", "kari2@bergen.example", "9", "SP", "Åsane", "Nytt sted", "9999", "", "", ""],
        [
            "Kari",
            "Nordmann",
            "kari3@bergen.example",
            "9",
            "SP",
            "Åsane",
            "Nytt sted",
            "",
            "Hilde",
            "hilde@x.example",
            "",
        ],
        ["Kari", "Nordmann", "kari4@bergen.example", "9", "SP", "Åsane", "Hjemmesykepleien", "", "", "x", ""],
        ["Kari", "Nordmann", "kari5@bergen.example", "9", "SP", "Åsane", "Løvåsen sykehjem", "", "Per", "", ""],
        ["Karianne", "Kjent", "kari.kjent@bergen.example", "9", "SP", "Åsane", "Løvåsen sykehjem", "", "", "", ""],
        [
            "Kari",
            "Nordmann",
            "kari7@bergen.example",
            "9",
            "SP",
            "Åsane",
            "Løvåsen sykehjem",
            "",
            "Liv Lie",
            "liv.leder@bergen.example",
            "",
        ],
    ]
    batch = check(klb, "medlemmer.csv", aliased(lines))
    found = [(p["line"], p["column"], p["message"]) for p in batch.problems]
    assert found == [
        (2, "fornavn", "Mangler."),
        (2, "Epost", "«kari1(at)bergen.example» er ikke en gyldig e-postadresse."),
        (2, "Gruppe", "Ukjent lokalgruppe «Fana»."),
        (2, "Profesjon", "Ukjent yrke «Kokk». Bruk for eksempel SP, FT eller ET."),
        (2, "Medlem fra", "«i fjor» er ikke en dato. Skriv for eksempel 01.03.2025."),
        (3, "Kommune", "Ukjent kommune «9999»."),
        (4, "Avdeling", "Ukjent arbeidssted «Nytt sted». Oppgi kommunenummer, så opprettes det."),
        (4, "Leder", "Lederen er ny i registeret. Skriv fullt navn."),
        (5, "Kommune", "Flere arbeidssteder heter «Hjemmesykepleien» (kommunenummer 4601, 4631). Oppgi kommunenummer."),
        (5, "Leder e-post", "«x» er ikke en gyldig e-postadresse."),
    ]
    assert [(w["line"], w["column"], w["message"]) for w in batch.warnings] == [
        (2, "Leder e-post", "Mangler nærmeste leder."),
        (3, "Leder e-post", "Mangler nærmeste leder."),
        (6, "Leder e-post", "Nærmeste leder «Per» har ingen e-post, og blir ikke registrert."),
        (7, "Leder e-post", "Mangler nærmeste leder."),
        (7, "fornavn", "Personen er registrert som «Kari Kjent». Navnet i filen brukes ikke."),
        (8, "Leder", "Lederen er registrert som «Liv Leder». Navnet i filen brukes ikke."),
    ]
    for entry in [*batch.problems, *batch.warnings]:
        assert entry["column"] in ALIASES, entry
    assert Person.objects.get(pk=known.pk).given_name == "Kari"


def test_a_column_the_file_lacks_is_named_as_the_column_to_add(klb):
    headings = ["Fornavn", "Etternavn", "E-post", "Lokalgruppe", "Arbeidssted", "Leders e-post"]
    content = csv_file(
        [
            ["Kari", "Nordmann", "kari1@bergen.example", "Åsane", "Løvåsen sykehjem", "ny.leder@bergen.example"],
            ["Kari", "Nordmann", "kari2@bergen.example", "Åsane", "Nytt sted", "liv.leder@bergen.example"],
        ],
        headings,
    )
    batch = check(klb, "medlemmer.csv", content)
    assert batch.problems == [
        {
            "line": 2,
            "column": "Leders e-post",
            "message": "Lederen er ny i registeret. Legg til en kolonne «Nærmeste leder» med fullt navn.",
        },
        {
            "line": 3,
            "column": "Arbeidssted",
            "message": "Ukjent arbeidssted «Nytt sted». Legg til en kolonne «Kommunenummer», så opprettes det.",
        },
    ]
    without_leaders = csv_file(
        [["Kari", "Nordmann", "kari1@bergen.example", "Åsane", "Løvåsen sykehjem"]], headings[:5]
    )
    batch = check(klb, "medlemmer.csv", without_leaders)
    assert batch.warnings == [
        {
            "line": 1,
            "column": "",
            "message": "Filen har ingen kolonne «Leders e-post». Medlemmene blir lagt inn uten nærmeste leder.",
        }
    ]


def test_a_warning_without_a_column_is_shown_by_its_line_alone(world, client_as):
    headings = ["Fornavn", "Etternavn", "E-post", "Lokalgruppe", "Arbeidssted"]
    content = csv_file([["Kari", "Nordmann", "kari1@bergen.example", "Åsane", "Løvåsen sykehjem"]], headings)
    siri = client_as("secretariat")
    page = siri.get(upload(siri, world.network_a, "medlemmer.csv", content)["Location"]).text
    assert "Linje 1: Filen har ingen kolonne «Leders e-post»." in page


# Nearest leaders, never twice ---------------------------------------------------------------------


def test_a_new_leader_on_many_lines_is_created_once_whatever_the_case_of_the_address(
    klb, django_capture_on_commit_callbacks
):
    content = csv_file(
        [
            row(1, **{"Leders e-post": "Hilde@Alver.example", "Nærmeste leder": "Hilde Hovedleder"}),
            row(2, **{"Leders e-post": "hilde@alver.example", "Nærmeste leder": "Hilde H. Hovedleder"}),
            row(3, **{"Leders e-post": "HILDE@ALVER.EXAMPLE", "Nærmeste leder": ""}),
        ]
    )
    batch = check(klb, "medlemmer.csv", content)
    assert batch.problems == []
    assert {
        "line": 3,
        "column": "Nærmeste leder",
        "message": ("Lederen heter «Hilde Hovedleder» et annet sted i filen. Det navnet brukes."),
    } in batch.warnings
    [leader] = imports.plan_for(batch).leaders
    assert (leader.name, leader.email, leader.lines) == ("Hilde Hovedleder", "hilde@alver.example", [2, 3, 4])
    batch = run(batch, django_capture_on_commit_callbacks, by=klb["siri"])
    assert batch.result["leaders"] == 1
    hilde = Person.objects.get(email__iexact="hilde@alver.example")
    assert hilde.full_name == "Hilde Hovedleder"
    assert set(Membership.objects.values_list("nearest_leader", flat=True)) == {hilde.pk}


def test_a_leader_registered_with_capitals_is_matched_not_created_again(klb, django_capture_on_commit_callbacks):
    Person.objects.filter(pk=klb["liv"].pk).update(email="Liv.Leder@Bergen.example")
    batch = check(klb, "medlemmer.csv", csv_file([row(1), row(2)]))
    assert batch.problems == []
    batch = run(batch, django_capture_on_commit_callbacks, by=klb["siri"])
    assert batch.result["leaders"] == 0
    assert Person.objects.filter(email__iexact="liv.leder@bergen.example").count() == 1
    assert set(Membership.objects.values_list("nearest_leader", flat=True)) == {klb["liv"].pk}


@pytest.mark.parametrize("leader_first", [True, False])
def test_a_leader_who_is_a_new_member_in_the_same_file_is_one_person(
    klb, django_capture_on_commit_callbacks, leader_first
):
    anne = row(9, Fornavn="Anne", Etternavn="Avdelingsleder", **{"Leders e-post": ""})
    led = row(1, **{"Leders e-post": "KARI9@bergen.example", "Nærmeste leder": ""})
    batch = check(klb, "medlemmer.csv", csv_file([led, anne] if leader_first else [anne, led]))
    assert batch.problems == []
    plan = imports.plan_for(batch)
    assert plan.leaders == []
    assert [m.leader_name for m in plan.memberships if m.leader] == ["Anne Avdelingsleder"]
    batch = run(batch, django_capture_on_commit_callbacks, by=klb["siri"])
    assert batch.result == {"people": 2, "leaders": 0, "workplaces": 0, "memberships": 2, "unchanged": 0}
    anne = Person.objects.get(email="kari9@bergen.example")
    assert Membership.objects.get(person__email="kari1@bergen.example").nearest_leader == anne


# Workplaces by name and municipality -----------------------------------------------------------------


def test_a_workplace_name_in_several_municipalities_is_told_apart_by_the_municipality(
    klb, django_capture_on_commit_callbacks
):
    bergen = f.workplace("Hjemmesykepleien", municipality=f.municipality("4601", "Bergen"))
    f.workplace("Hjemmesykepleien", municipality=f.municipality("4631", "Alver"))
    content = csv_file(
        [
            row(1, Arbeidssted="Hjemmesykepleien", Kommunenummer="4601"),
            row(2, Arbeidssted="Hjemmesykepleien", Kommunenummer="Askøy"),
            row(3, Arbeidssted="hjemmesykepleien", Kommunenummer="4627"),
        ]
    )
    f.municipality("4627", "Askøy")
    batch = check(klb, "medlemmer.csv", content)
    assert batch.problems == []
    [new] = imports.plan_for(batch).workplaces
    assert (new.name, new.municipality, new.municipality_name, new.lines) == (
        "Hjemmesykepleien",
        "4627",
        "Askøy",
        [3, 4],
    )
    batch = run(batch, django_capture_on_commit_callbacks, by=klb["siri"])
    assert batch.result["workplaces"] == 1
    placed = dict(Membership.objects.values_list("person__email", "workplace__municipality"))
    assert placed == {"kari1@bergen.example": "4601", "kari2@bergen.example": "4627", "kari3@bergen.example": "4627"}
    assert Membership.objects.get(person__email="kari1@bergen.example").workplace == bergen


# The preview ---------------------------------------------------------------------------------------


def test_the_preview_lists_what_the_import_will_create(world, client_as):
    f.municipality("4631", "Alver")
    lars = {"Leders e-post": world.email("nearest_leader")}
    content = csv_file(
        [
            row(1, Startdato="01.03.2025", **lars),
            row(2, Arbeidssted="Knarvik sjukeheim", Kommunenummer="4631", Lokalgruppe="Åsane", **lars),
            row(3, **{"Leders e-post": "hilde@alver.example", "Nærmeste leder": "Hilde Hovedleder"}),
            row(4, Startdato="", **{"Leders e-post": "hilde@alver.example"}),
            row(5, Lokalgruppe="Fana"),
            row(6, **lars, **{"E-post": world.email("member"), "Fornavn": "Mona", "Etternavn": "Medlem"}),
        ]
    )
    siri = client_as("secretariat")
    page = siri.get(upload(siri, world.network_a, "medlemmer.csv", content)["Location"]).text
    plan = page[page.index('id="blir-lagt-inn"') :]
    assert "Dette blir lagt inn hvis linjene med feil hoppes over" in plan
    assert "4 nye medlemskap, 4 nye personer, 1 ny leder og 1 nytt arbeidssted." in plan
    assert "1 er medlem fra før og hoppes over." in plan
    assert "<td>Hilde Hovedleder</td><td>hilde@alver.example</td><td>4, 5</td>" in plan
    assert "<td>Knarvik sjukeheim</td><td>4631 Alver</td><td>3</td>" in plan
    assert "Se de 4 nye medlemskapene" in plan
    assert "1. mars 2025" in plan and "importdagen" in plan
    assert "Lars Leder" in plan
    assert "Kari Nordmann5" not in plan  # the line with a problem is left out
    assert not Membership.objects.filter(person__email__startswith="kari").exists()


def test_the_preview_takes_the_same_queries_for_5_and_50_lines(world, client_as):
    siri = client_as("secretariat")

    def preview_queries(n: int) -> int:
        lines = [row(i, Arbeidssted=f"Enhet {i % 7}", Kommunenummer="4601") for i in range(n)]
        url = upload(siri, world.network_a, f"medlemmer-{n}.csv", csv_file(lines))["Location"]
        siri.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert siri.get(url).status_code == 200
        return len(captured)

    assert preview_queries(5) == preview_queries(50)
