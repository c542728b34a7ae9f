"""The registry in the browser: importing members from a spreadsheet, moving a member back in
time, a member correcting their details and reporting a change, and the lists on a phone.

Every page visited is checked with axe-core."""

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from lindra.registry import services
from lindra.registry.models import LocalGroup, Membership, Person, Profession
from tests.browser.conftest import ARTIFACTS, CONTEXT_OPTIONS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen

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

# Three new members. The second row (line 3 of the sheet) names a group that does not exist; the
# third works at a workplace new to the registry, created from its municipality number.
NEW_MEMBERS = [
    {
        "Fornavn": "Kari",
        "Etternavn": "Nordmann",
        "E-post": "kari.nordmann@lindra.example",
        "Telefon": "911 11 111",
        "Yrke": "SP",
        "Lokalgruppe": "Bergen sentrum",
        "Arbeidssted": "Løvåsen sykehjem",
        "Nærmeste leder": "Lars Leder",
        "Leders e-post": "leder@lindra.example",
        "Startdato": (dt.date.today() - dt.timedelta(days=30)).strftime("%d.%m.%Y"),
    },
    {
        "Fornavn": "Ola",
        "Etternavn": "Olsen",
        "E-post": "ola.olsen@lindra.example",
        "Telefon": "922 22 222",
        "Yrke": "FT",
        "Lokalgruppe": "Bergen sentrun",
        "Arbeidssted": "Årstad hjemmetjeneste",
        "Nærmeste leder": "Hanne Haugen",
        "Leders e-post": "hanne.haugen@lindra.example",
    },
    {
        "Fornavn": "Per",
        "Etternavn": "Pettersen",
        "E-post": "per.pettersen@lindra.example",
        "Yrke": "Ergoterapeut",
        "Lokalgruppe": "Bergen sentrum",
        "Arbeidssted": "Fana legesenter",
        "Kommunenummer": "4601",
        "Nærmeste leder": "Lars Leder",
        "Leders e-post": "leder@lindra.example",
    },
]
MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober"]
MONTHS += ["november", "desember"]


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"registry-{name}.png", full_page=True)


def checked(page: Page) -> None:
    """The page passes axe-core and fits the window."""
    check_accessibility(page)
    assert_fits_the_screen(page)


def wait_for_mail(outbox, address: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = outbox.to(address)
        if messages:
            return messages
        time.sleep(0.05)
    raise AssertionError(f"No e-mail to {address} within {timeout} s; the server got {len(outbox.messages)}.")


def write_sheet(path: Path, rows: list[dict[str, str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append([row.get(heading) for heading in HEADINGS])
    workbook.save(path)
    return path


def upload(page: Page, path: Path) -> None:
    """From the import page: choose the file and have it checked."""
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Importer medlemmer til "))
    page.get_by_label("Regneark (.xlsx) eller CSV-fil").set_input_files(path)
    page.get_by_role("button", name="Kontroller filen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Import av {path.name}")


def iso(day: dt.date) -> str:
    return day.isoformat()


def long_date(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


# Data ---------------------------------------------------------------------------------------


@pytest.fixture
def second_group(registry):
    return LocalGroup.objects.create(network=registry.network, name="Bergen nord")


@pytest.fixture
def more_members(registry, second_group):
    """Two more members, so the filters have something to filter out."""
    secretary = registry.people["secretariat"].user
    started = timezone.localdate() - dt.timedelta(days=200)
    for given, family, group, profession in [
        ("Frida", "Fysioterapeut", second_group, Profession.PHYSIOTHERAPIST),
        ("Einar", "Ergoterapeutsen", registry.group, Profession.OCCUPATIONAL_THERAPIST),
    ]:
        person = services.create_person(
            by=secretary,
            given_name=given,
            family_name=family,
            email=f"{given.lower()}@lindra.example",
            profession=profession,
            phone="400 00 000",
        )
        services.add_member(
            network=registry.network,
            person=person,
            local_group=group,
            workplace=registry.workplace,
            nearest_leader=registry.people["nearest_leader"],
            starts_on=started,
            by=secretary,
        )


@pytest.fixture
def other_page(request, browser, live_server):
    """A second desktop browser, for a second person signed in at the same time."""
    context = browser.new_context(**CONTEXT_OPTIONS)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        page.screenshot(path=ARTIFACTS / f"failed-{name}-second-browser.png", full_page=True)
    context.close()


# 1. Import ----------------------------------------------------------------------------------


def test_the_secretariat_imports_members_and_the_group_leader_sees_them(
    page, other_page, live_server, registry, tmp_path
):
    base = live_server.url
    sign_in(page, base, registry.email("secretariat"))
    page.get_by_role("link", name=registry.network.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(registry.network.name)
    check_accessibility(page)

    page.get_by_role("link", name="Importer fra regneark").click()
    expect(page).to_have_url(f"{base}/nettverk/{registry.network.pk}/import/")
    check_accessibility(page)

    # A file with an unknown group: the problem is shown by line and column, nothing is created.
    upload(page, write_sheet(tmp_path / "nye-medlemmer.xlsx", NEW_MEMBERS))
    expect(page.get_by_text("3 rader i filen.")).to_be_visible()
    problems = page.get_by_role("region", name="1 feil må rettes")
    table = problems.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Linje", "Kolonne", "Feil"])
    expect(table.locator("tbody").get_by_role("row")).to_have_count(1)
    expect(table.locator("tbody").get_by_role("row").get_by_role("cell")).to_have_text(
        ["3", "Lokalgruppe", "Ukjent lokalgruppe «Bergen sentrun»."]
    )
    expect(problems.get_by_role("button", name="Importer og hopp over 1 linje")).to_be_visible()
    expect(page.get_by_role("button", name="Importer nå")).to_have_count(0)
    expect(page.get_by_text("Ingen feil")).to_have_count(0)
    check_accessibility(page)
    screenshot(page, "import-preview-desktop")
    emails = [row["E-post"] for row in NEW_MEMBERS]
    assert not Person.objects.filter(email__in=emails).exists()
    assert not Membership.objects.filter(person__email__in=emails).exists()

    # The corrected file has no problems and is imported.
    problems.get_by_role("link", name="Last opp rettet fil").click()
    expect(page.get_by_role("link", name="nye-medlemmer.xlsx")).to_be_visible()  # Earlier uploads.
    fixed = [{**row, "Lokalgruppe": "Bergen sentrum"} for row in NEW_MEMBERS]
    upload(page, write_sheet(tmp_path / "nye-medlemmer-rettet.xlsx", fixed))
    expect(page.get_by_text("Ingen feil. Filen er klar til import.")).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("feil må rettes"))).to_have_count(0)
    # What will be created is listed before anything is.
    planned = page.get_by_role("region", name="Dette blir lagt inn")
    expect(planned.get_by_text("3 nye medlemskap, 3 nye personer, 1 ny leder og 1 nytt arbeidssted.")).to_be_visible()
    leaders = planned.get_by_role("table", name="Nye nærmeste ledere")
    expect(leaders.locator("tbody td")).to_have_text(["Hanne Haugen", "hanne.haugen@lindra.example", "3"])
    workplaces = planned.get_by_role("table", name="Nye arbeidssteder")
    expect(workplaces.locator("tbody td")).to_have_text(["Fana legesenter", "4601 Bergen", "4"])
    check_accessibility(page)
    assert not Person.objects.filter(email__in=emails).exists()

    page.get_by_role("button", name="Importer nå").click()
    status = page.get_by_role("status")
    expect(status).to_have_text(
        "Ferdig: 3 nye medlemskap, 3 nye personer, 1 ny leder og 1 nytt arbeidssted. "
        "0 var medlemmer fra før og ble hoppet over."
    )
    expect(page.get_by_role("button", name="Importer nå")).to_have_count(0)
    check_accessibility(page)
    assert Membership.objects.filter(person__email__in=emails, local_group=registry.group).count() == 3

    page.get_by_role("link", name="Se medlemmene").click()
    expect(page.get_by_role("status")).to_have_text("6 treff")
    check_accessibility(page)

    # The group leader, in another browser, finds the three in the group's name list.
    leader_page = other_page
    sign_in(leader_page, base, registry.email("group_leader"))
    leader_page.get_by_role("region", name="Gruppene du leder").get_by_role("link", name="Bergen sentrum").click()
    expect(leader_page).to_have_url(f"{base}/grupper/{registry.group.pk}/")
    names = leader_page.get_by_role("table")
    expect(names.get_by_role("row")).to_have_count(1 + 6)
    expected = {
        "Kari Nordmann": ("Løvåsen sykehjem", "Lars Leder", "911 11 111"),
        "Ola Olsen": ("Årstad hjemmetjeneste", "Hanne Haugen", "922 22 222"),
        "Per Pettersen": ("Fana legesenter", "Lars Leder", ""),
    }
    for name, (workplace, leader, phone) in expected.items():
        row = names.get_by_role("row").filter(has=leader_page.get_by_role("link", name=name))
        cells = row.get_by_role("cell")
        expect(cells.nth(1)).to_have_text(workplace)
        expect(cells.nth(3)).to_have_text(phone)
        expect(cells.nth(4)).to_contain_text(leader)
    expect(names.get_by_role("row", name=re.compile("Ola Olsen"))).to_contain_text("hanne.haugen@lindra.example")
    check_accessibility(leader_page)
    screenshot(leader_page, "name-list-desktop")


# 2. Moving a member from a date back in time -------------------------------------------------


def test_the_secretariat_moves_a_member_from_a_past_date(page, live_server, registry, second_group):
    base = live_server.url
    member = registry.people["member"]
    today = timezone.localdate()
    moved_on = today - dt.timedelta(days=30)
    before = moved_on - dt.timedelta(days=1)

    sign_in(page, base, registry.email("secretariat"))
    page.goto(f"{base}/grupper/{registry.group.pk}/")
    page.get_by_role("link", name="Mona Medlem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mona Medlem")
    check_accessibility(page)

    page.get_by_role("link", name="Flytt eller bytt leder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flytt Mona Medlem eller bytt nærmeste leder")
    expect(page.get_by_label("Gjelder fra")).to_have_value(iso(today))
    check_accessibility(page)
    page.get_by_label("Gjelder fra").fill(iso(moved_on))
    page.get_by_label("Lokalgruppe").select_option(label="Bergen nord")
    page.get_by_label("Begrunnelse (valgfritt)").fill("Flyttet til gruppen nær det nye arbeidsstedet.")
    page.get_by_role("button", name="Lagre endringen").click()

    expect(page).to_have_url(f"{base}/personer/{member.pk}/")
    expect(page.get_by_role("status")).to_have_text("Endringen er lagret i historikken.")
    membership = page.locator(".ds-card").filter(has_text=registry.network.name)
    expect(membership).to_contain_text("Bergen nord")
    history = page.get_by_role("region", name="Historikk")
    latest = history.get_by_role("listitem").first
    expect(latest).to_contain_text(f"{long_date(moved_on)}: Ny lokalgruppe")
    expect(latest).to_contain_text("Bergen nord")
    expect(latest).to_contain_text("Begrunnelse: Flyttet til gruppen nær det nye arbeidsstedet.")
    expect(latest).to_contain_text("Registrert av Siri Sekretær")
    expect(history.get_by_role("listitem").last).to_contain_text("Ble medlem")
    checked(page)
    screenshot(page, "member-page-desktop")

    # The old group's name list as it was the day before the move still has her; today it has not.
    page.goto(f"{base}/grupper/{registry.group.pk}/")
    names = page.get_by_role("table")
    expect(names).not_to_contain_text("Mona Medlem")
    expect(page.get_by_text("2 medlemmer", exact=True)).to_be_visible()
    page.get_by_label("Vis listen slik den var").fill(iso(before))
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page).to_have_url(f"{base}/grupper/{registry.group.pk}/?dato={iso(before)}")
    expect(page.get_by_role("heading", level=2, name=re.compile(f"per {long_date(before)}$"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Mona Medlem"))).to_contain_text("Løvåsen sykehjem")
    expect(page.get_by_text("3 medlemmer", exact=True)).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Vis listen slik den var").fill(iso(today))
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_role("table")).not_to_contain_text("Mona Medlem")

    # The new group has her from the day of the move, not before.
    page.goto(f"{base}/grupper/{second_group.pk}/")
    expect(page.get_by_role("row", name=re.compile("Mona Medlem"))).to_be_visible()
    check_accessibility(page)
    page.goto(f"{base}/grupper/{second_group.pk}/?dato={iso(before)}")
    expect(page.get_by_text("Ingen medlemmer.")).to_be_visible()
    check_accessibility(page)


# 3. A member corrects their own details --------------------------------------------------------


def test_a_member_corrects_their_phone_number(page, live_server, registry):
    base = live_server.url
    member = registry.people["member"]
    sign_in(page, base, member.email)
    page.get_by_role("link", name="Se og rett opplysningene dine").click()
    expect(page).to_have_url(f"{base}/personer/{member.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mona Medlem")
    check_accessibility(page)

    page.get_by_role("link", name="Rett kontaktopplysningene dine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Endre opplysninger om Mona Medlem")
    phone = page.get_by_label("Telefon")
    expect(phone).to_have_value("55 00 00 00")
    # A member corrects contact details only, not their name or profession.
    expect(page.get_by_label("Fornavn")).to_have_count(0)
    expect(page.get_by_label("Yrke")).to_have_count(0)
    check_accessibility(page)
    phone.fill("977 65 432")
    page.get_by_role("button", name="Lagre").click()

    expect(page).to_have_url(f"{base}/personer/{member.pk}/")
    expect(page.get_by_role("status")).to_have_text("Opplysningene er lagret.")
    details = page.locator("dl.details").first
    expect(details.locator("div").filter(has_text="Telefon")).to_have_text(re.compile(r"Telefon\s*977 65 432"))
    history = page.get_by_role("region", name="Historikk")
    expect(history.get_by_role("listitem").first).to_contain_text("Kontaktopplysninger endret")
    expect(history.get_by_role("listitem").first).to_contain_text("Telefon")
    check_accessibility(page)
    member.refresh_from_db()
    assert member.phone == "977 65 432"

    # An invalid e-mail address: the error in Norwegian at the field, and what was typed stays.
    page.get_by_role("link", name="Rett kontaktopplysningene dine").click()
    email = page.get_by_label("E-post")
    email.fill("mona.medlem@")
    page.get_by_label("Telefon").fill("+47 977 65 433")
    page.get_by_role("button", name="Lagre").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Rett opp dette før du går videre:")
    expect(summary.get_by_role("link", name="E-post: Oppgi en gyldig e-postadresse")).to_be_visible()
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description("Oppgi en gyldig e-postadresse")
    expect(email).to_have_value("mona.medlem@")
    expect(page.get_by_label("Telefon")).to_have_value("+47 977 65 433")
    check_accessibility(page)
    summary.get_by_role("link", name=re.compile("^E-post")).click()
    expect(email).to_be_focused()
    member.refresh_from_db()
    assert (member.email, member.phone) == ("medlem@lindra.example", "977 65 432")


# 4. A member reports a change; the secretariat rejects it -------------------------------------


def test_a_reported_change_is_rejected_with_a_reason(page, other_page, live_server, registry, outbox):
    base = live_server.url
    member = registry.people["member"]
    secretariat_address = registry.network.secretariat_email

    sign_in(page, base, member.email)
    page.get_by_role("link", name="Se og rett opplysningene dine").click()
    page.get_by_role("link", name=re.compile("^Meld en endring til sekretariatet")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld en endring for Mona Medlem")
    check_accessibility(page)
    page.get_by_label("Hva gjelder det").select_option(label="Ny nærmeste leder")
    page.get_by_label("Fra dato").fill(iso(timezone.localdate() + dt.timedelta(days=14)))
    page.get_by_label("Beskrivelse").fill("Ny leder er Nina Nilsen, nina.nilsen@lindra.example.")
    page.get_by_role("button", name="Send meldingen").click()
    expect(page).to_have_url(f"{base}/personer/{member.pk}/")
    expect(page.get_by_role("status")).to_have_text("Takk! Sekretariatet har fått meldingen, og du får svar på e-post.")
    check_accessibility(page)

    [received] = wait_for_mail(outbox, secretariat_address)
    assert received.subject == "Endringsmelding: Mona Medlem – Ny nærmeste leder"
    assert "Mona Medlem har meldt en endring for Mona Medlem (Bergen sentrum)" in received.text
    assert "nina.nilsen@lindra.example" in received.text
    assert f"{base}/endringsmeldinger/" in received.text

    # The secretariat, in another browser, rejects it: first without the reason it needs.
    secretariat = other_page
    sign_in(secretariat, base, registry.email("secretariat"))
    secretariat.get_by_role("link", name=registry.network.name, exact=True).click()
    secretariat.get_by_role("link", name=re.compile("^Endringsmeldinger")).click()
    expect(secretariat.get_by_role("heading", level=1)).to_have_text(f"Endringsmeldinger i {registry.network.name}")
    waiting = secretariat.get_by_role("region", name="Venter på behandling")
    expect(waiting.get_by_role("row", name=re.compile("Mona Medlem"))).to_contain_text("Ny nærmeste leder")
    check_accessibility(secretariat)
    waiting.get_by_role("link", name="Mona Medlem").click()
    expect(secretariat.get_by_role("heading", level=1)).to_have_text("Ny nærmeste leder: Mona Medlem")
    expect(secretariat.get_by_text("Ny leder er Nina Nilsen")).to_be_visible()
    check_accessibility(secretariat)

    secretariat.get_by_label("Avvis meldingen").check()
    secretariat.get_by_role("button", name="Lagre og gi beskjed").click()
    reply = secretariat.get_by_label("Svar til den som meldte")
    expect(reply).to_have_accessible_description(re.compile("Skriv hvorfor meldingen avvises."))
    expect(secretariat.get_by_label("Avvis meldingen")).to_be_checked()
    check_accessibility(secretariat)
    reason = "Nina Nilsen er ikke leder for avdelingen din. Be lederen din ta kontakt."
    reply.fill(reason)
    secretariat.get_by_role("button", name="Lagre og gi beskjed").click()
    expect(secretariat.get_by_role("status")).to_have_text("Meldingen er behandlet, og den som meldte har fått e-post.")
    expect(waiting).to_contain_text("Ingen meldinger venter.")
    expect(secretariat.get_by_role("region", name="Nylig behandlet")).to_contain_text(
        "Mona Medlem: Ny nærmeste leder – avvist"
    )
    check_accessibility(secretariat)

    [answer] = wait_for_mail(outbox, member.email)
    assert answer.subject == "Endringsmeldingen ble avvist: Mona Medlem"
    assert "Sekretariatet har avvist meldingen." in answer.text
    assert reason in answer.text


# 5. The lists on a phone -----------------------------------------------------------------------


def test_the_lists_on_a_phone(phone_page, live_server, registry, more_members, second_group, tmp_path):
    page = phone_page
    base = live_server.url
    sign_in(page, base, registry.email("secretariat"))
    page.get_by_role("link", name="Medlemmer").first.click()
    expect(page).to_have_url(f"{base}/nettverk/{registry.network.pk}/medlemmer/")
    expect(page.get_by_role("status")).to_have_text("5 treff")
    checked(page)

    search = page.get_by_role("search", name="Søk og filtrer medlemmer")
    search.get_by_label("Lokalgruppe").select_option(label="Bergen sentrum")
    search.get_by_label("Yrke").select_option(label="Ergoterapeut")
    search.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(rf"gruppe={registry.group.pk}.*yrke=ET"))
    expect(page.get_by_role("status")).to_have_text("1 treff")
    expect(page.get_by_role("table").locator("tbody").get_by_role("row")).to_have_text(
        re.compile("Ergoterapeutsen, Einar")
    )
    expect(search.get_by_label("Lokalgruppe")).to_have_value(str(registry.group.pk))
    checked(page)
    search.get_by_label("Søk").fill("ingen slik person")
    search.get_by_role("button", name="Vis").click()
    expect(page.get_by_text("Ingen treff. Prøv et annet søk eller færre filtre.")).to_be_visible()
    checked(page)
    screenshot(page, "member-list-phone")

    page.goto(f"{base}/grupper/{registry.group.pk}/")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(1 + 4)
    checked(page)
    screenshot(page, "name-list-phone")

    page.get_by_role("link", name="Mona Medlem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mona Medlem")
    checked(page)
    screenshot(page, "member-page-phone")

    page.goto(f"{base}/nettverk/{registry.network.pk}/import/")
    checked(page)
    upload(page, write_sheet(tmp_path / "medlemmer-fra-kommunene.xlsx", NEW_MEMBERS))
    expect(page.get_by_role("region", name="1 feil må rettes")).to_be_visible()
    checked(page)
    screenshot(page, "import-preview-phone")
