"""Two people on their phones (375 px) open the same form at once. The first saves; the second
saves and is told beside the form, in Norwegian, that someone else saved meanwhile, with what
they typed still in the fields; saving again is then deliberate, and works. Each page passes
axe-core and fits the screen.

And an address carrying the NUL character gets the Norwegian 400 page, with a way back."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.meetings.models import Meeting, Minutes, Registration
from tests.browser.conftest import SMALL_PHONE_OPTIONS, _open_page, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen
from tests.concurrency import REGISTRY_STALE

Attendance = Registration.Attendance


@pytest.fixture
def first(request, browser, live_server):
    """The phone of the one who saves first."""
    yield from _open_page(request, browser, **SMALL_PHONE_OPTIONS)


@pytest.fixture
def second(request, browser, live_server):
    """The phone of the one who saves second."""
    yield from _open_page(request, browser, **SMALL_PHONE_OPTIONS)


@pytest.fixture
def held(registry):
    """A group meeting that ended an hour ago: its attendance and minutes are to be written."""
    now = timezone.now()
    return Meeting.objects.create(
        network=registry.network,
        local_group=registry.group,
        title="Nettverksmøte om lindrende sedering",
        starts_at=now - dt.timedelta(hours=4),
        ends_at=now - dt.timedelta(hours=1),
        place="Løvåsen sykehjem, møterom 2",
        host=registry.people["host"],
        host_workplace=registry.workplace,
    )


def open_as(page: Page, base: str, email: str, path: str) -> None:
    sign_in(page, base, email)
    page.goto(f"{base}{path}")


def assert_told_keeping_what_was_typed(page: Page, message: str, typed: dict[str, str], screenshot: str) -> None:
    """The refusal stands above the form, and every field holds what the second person typed."""
    expect(page.get_by_role("alert")).to_contain_text(message)
    for label, value in typed.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path=screenshot, full_page=True)


def test_the_member_and_the_secretariat_change_her_details(first: Page, second: Page, live_server, registry):
    base = live_server.url
    mona = registry.people["member"]
    path = reverse("registry:person_edit", args=[mona.pk])
    open_as(first, base, mona.email, path)
    open_as(second, base, registry.email("secretariat"), path)

    first.get_by_label("Telefon").fill("41 00 00 01")
    first.get_by_role("button", name="Lagre").click()
    expect(first.get_by_text("Opplysningene er lagret.")).to_be_visible()

    typed = {"Telefon": "41 00 00 02", "Videreutdanning": "Videreutdanning i palliasjon, 2025"}
    for label, value in typed.items():
        second.get_by_label(label, exact=True).fill(value)
    second.get_by_role("button", name="Lagre").click()
    assert_told_keeping_what_was_typed(second, REGISTRY_STALE, typed, "/tmp/conflict-person.png")
    stored_now = second.get_by_role("region", name="Dette er lagret nå")
    expect(stored_now.get_by_role("listitem")).to_have_text(["Telefon: 41 00 00 01", "Videreutdanning: (tomt)"])
    mona.refresh_from_db()
    assert (mona.phone, mona.further_education) == ("41 00 00 01", "")

    second.get_by_role("button", name="Lagre").click()
    expect(second.get_by_text("Opplysningene er lagret.")).to_be_visible()
    mona.refresh_from_db()
    assert (mona.phone, mona.further_education) == ("41 00 00 02", "Videreutdanning i palliasjon, 2025")


def test_the_host_and_the_group_leader_write_the_agenda(first: Page, second: Page, live_server, registry):
    base = live_server.url
    meeting = registry.meeting
    path = reverse("meetings:agenda", args=[meeting.pk])
    open_as(first, base, registry.email("host"), path)
    open_as(second, base, registry.email("group_leader"), path)

    first.get_by_label("Del 1: erfaringsutveksling").fill("Nytt fra driftsgruppen. Runde rundt bordet.")
    first.get_by_role("button", name="Lagre programmet").click()
    expect(first.get_by_text("Programmet er lagret.")).to_be_visible()

    typed = {"Del 2: tittel": "Smertelindring i livets sluttfase", "Sted": "Løvåsen sykehjem, kantina"}
    for label, value in typed.items():
        second.get_by_label(label, exact=True).fill(value)
    second.get_by_role("button", name="Lagre programmet").click()
    message = "Noen andre har lagret programmet mens du skrev. Se over og lagre igjen."
    assert_told_keeping_what_was_typed(second, message, typed, "/tmp/conflict-agenda.png")
    # The host's part 1, which the group leader's form would empty, is there to see and keep.
    stored_now = second.get_by_role("region", name="Dette er lagret nå")
    expect(stored_now).to_contain_text("Del 1: erfaringsutveksling: Nytt fra driftsgruppen. Runde rundt bordet.")
    second.get_by_label("Del 1: erfaringsutveksling").fill("Nytt fra driftsgruppen. Runde rundt bordet.")
    meeting.refresh_from_db()
    assert (meeting.part1, meeting.part2_title) == ("Nytt fra driftsgruppen. Runde rundt bordet.", "")

    second.get_by_role("button", name="Lagre programmet").click()
    expect(second.get_by_text("Programmet er lagret.")).to_be_visible()
    meeting.refresh_from_db()
    assert (meeting.part1, meeting.part2_title, meeting.place) == (
        "Nytt fra driftsgruppen. Runde rundt bordet.",
        "Smertelindring i livets sluttfase",
        "Løvåsen sykehjem, kantina",
    )


def test_the_group_leader_and_the_secretariat_write_the_minutes(first: Page, second: Page, live_server, registry, held):
    base = live_server.url
    path = reverse("meetings:minutes", args=[held.pk])
    open_as(first, base, registry.email("group_leader"), path)
    open_as(second, base, registry.email("secretariat"), path)

    first.get_by_label("Del 1: Erfaringsutveksling").fill("Vi delte erfaringer med uro hos døende.")
    first.get_by_role("button", name="Lagre utkast").click()
    expect(first.get_by_text("Utkastet er lagret.")).to_be_visible()

    typed = {"Avtaler og oppfølging": "Gunnar sender ut prosedyren før neste møte."}
    second.get_by_label("Avtaler og oppfølging").fill(typed["Avtaler og oppfølging"])
    second.get_by_role("button", name="Lagre utkast").click()
    message = "Noen andre har lagret referatet mens du skrev. Se over teksten din og lagre igjen."
    assert_told_keeping_what_was_typed(second, message, typed, "/tmp/conflict-minutes.png")
    # What the first saved is there to read, beside what the second typed.
    saved_now = second.locator("details").filter(has_text="Se teksten som er lagret nå")
    saved_now.get_by_text("Se teksten som er lagret nå").click()
    expect(saved_now).to_contain_text("Vi delte erfaringer med uro hos døende.")
    assert Minutes.objects.get(meeting=held).agreements != typed["Avtaler og oppfølging"]

    second.get_by_role("button", name="Lagre utkast").click()
    expect(second.get_by_text("Utkastet er lagret.")).to_be_visible()
    assert Minutes.objects.get(meeting=held).agreements == typed["Avtaler og oppfølging"]


def mark_the_rest_present(page: Page) -> None:
    page.get_by_role("button", name="Resten var til stede").tap()
    expect(page.get_by_role("status").filter(has_text="Ikke lagret ennå")).to_be_visible()


def test_the_host_and_the_group_leader_mark_attendance(first: Page, second: Page, live_server, registry, held):
    base = live_server.url
    path = reverse("meetings:attendance", args=[held.pk])
    open_as(first, base, registry.email("host"), path)
    open_as(second, base, registry.email("group_leader"), path)

    # The host saw everyone there; the group leader says Mona stayed away without notice.
    mark_the_rest_present(first)
    first.get_by_role("button", name="Lagre oppmøte").tap()
    expect(first.get_by_text("Oppmøtet er lagret: 3 til stede")).to_be_visible()

    mona = second.get_by_role("group", name="Mona Medlem")
    mona.get_by_text("Uten forfall").tap()
    mark_the_rest_present(second)
    second.get_by_role("button", name="Lagre oppmøte").tap()
    expect(second.get_by_role("alert")).to_contain_text(
        "Noen andre lagret oppmøtet mens du hadde siden åpen, og markerte annerledes for Mona Medlem (til stede)"
    )
    expect(mona.get_by_role("radio", name="Uten forfall")).to_be_checked()
    expect(second.get_by_role("group", name="Aina Arrangør").get_by_role("radio", name="Til stede")).to_be_checked()
    check_accessibility(second)
    assert_fits_the_screen(second)
    second.screenshot(path="/tmp/conflict-attendance.png", full_page=True)
    marks = dict(Registration.objects.filter(meeting=held).values_list("person__given_name", "attendance"))
    assert marks["Mona"] == Attendance.PRESENT

    second.get_by_role("button", name="Lagre oppmøte").tap()
    expect(second.get_by_text("Oppmøtet er lagret: 2 til stede, 0 med forfall, 1 uten forfall.")).to_be_visible()
    marks = dict(Registration.objects.filter(meeting=held).values_list("person__given_name", "attendance"))
    assert marks["Mona"] == Attendance.ABSENT


def test_the_group_leader_and_the_secretariat_replace_the_host(first: Page, second: Page, live_server, registry):
    base = live_server.url
    meeting = registry.meeting
    path = reverse("meetings:replace_host", args=[meeting.pk])
    open_as(first, base, registry.email("group_leader"), path)
    open_as(second, base, registry.email("secretariat"), path)

    first.get_by_label("Eller ny arrangør").select_option(label="Mona Medlem (Løvåsen sykehjem)")
    first.get_by_role("button", name="Bytt arrangør").click()
    expect(first.get_by_text("Arrangøren er byttet.")).to_be_visible()

    typed = {"Begrunnelse (valgfritt)": "Aina er syk"}
    second.get_by_label("Begrunnelse (valgfritt)").fill(typed["Begrunnelse (valgfritt)"])
    second.get_by_label("Arbeidsstedet overtar som arrangør").check()
    second.get_by_role("button", name="Bytt arrangør").click()
    message = "Noen andre har endret møtet mens du hadde siden åpen. Se over og lagre på nytt."
    assert_told_keeping_what_was_typed(second, message, typed, "/tmp/conflict-host.png")
    expect(second.get_by_role("region", name="Dette er lagret nå")).to_have_count(0)  # nothing stored to compare
    expect(second.get_by_label("Arbeidsstedet overtar som arrangør")).to_be_checked()
    meeting.refresh_from_db()
    assert meeting.host == registry.people["member"]

    second.get_by_role("button", name="Bytt arrangør").click()
    expect(second.get_by_text("Arrangøren er byttet.")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.host is None and meeting.host_workplace == registry.workplace


def test_a_search_with_the_nul_character_gets_the_norwegian_400_page(small_phone: Page, live_server, registry):
    page = small_phone
    base = live_server.url
    sign_in(page, base, registry.email("secretariat"))
    members = f"{base}{reverse('registry:members', args=[registry.network.pk])}"
    page.goto(members)
    answer = page.goto(f"{members}?q=Mona%00")
    assert answer is not None and answer.status == 400
    expect(page).to_have_title(re.compile("^Ugyldige tegn"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ugyldige tegn")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path="/tmp/page-400.png", full_page=True)
    page.get_by_role("link", name="Til forsiden").click()
    expect(page).to_have_url(f"{base}/")
