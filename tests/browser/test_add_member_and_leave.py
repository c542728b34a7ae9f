"""The secretariat in the browser, between two phone calls: adding a member with a workplace
found by typing and a nearest leader recognised by e-mail (with and without JavaScript), and
a member's leave registered, ended, corrected and removed. Every page passes axe-core and
fits the screen; the group leader sees the leave, without the means to change it."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.registry.models import Change, ChangeKind, Leave, Membership, Organisation, Person, Workplace
from tests.browser.conftest import CONTEXT_OPTIONS, PHONE_OPTIONS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen
from tests.browser.test_registry import long_date, screenshot


def checked(page: Page) -> None:
    check_accessibility(page)
    assert_fits_the_screen(page)


@pytest.fixture
def other_workplaces(registry):
    """Workplaces where the network has no members: found by typing, after its own."""
    owner = Organisation.objects.create(name="Helse Bergen HF", kind=Organisation.Kind.HEALTH_TRUST)
    for name in ("Løvstakken legesenter", "Kreftavdelingen, Haukeland"):
        Workplace.objects.create(
            name=name, kind=Workplace.Kind.OTHER, municipality=registry.workplace.municipality, organisation=owner
        )


@pytest.fixture
def no_script_page(request, browser, live_server):
    """A phone whose browser runs no JavaScript."""
    context = browser.new_context(**CONTEXT_OPTIONS, **PHONE_OPTIONS, java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def open_add_member(page: Page, base: str, registry) -> None:
    sign_in(page, base, registry.email("secretariat"))
    page.goto(f"{base}/nettverk/{registry.network.pk}/medlemmer/")
    page.get_by_role("link", name="Legg til ressurssykepleier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Legg til ressurssykepleier i {registry.network}")


def test_a_member_is_added_with_a_typed_workplace_and_a_recognised_leader(
    page, live_server, registry, other_workplaces
):
    base = live_server.url
    open_add_member(page, base, registry)
    checked(page)

    page.get_by_label("E-post", exact=True).fill("nora.ny@bergen.example")
    page.get_by_label("Fornavn", exact=True).fill("Nora")
    page.get_by_label("Etternavn", exact=True).fill("Ny")
    page.get_by_label("Yrke").select_option(label="Sykepleier")
    page.get_by_label("Lokalgruppe").select_option(label="Bergen sentrum")

    # Typing offers the network's own workplaces first, then the others that match.
    workplace = page.get_by_label("Arbeidssted", exact=True)
    expect(workplace).to_have_attribute("list", "arbeidssteder")
    workplace.press_sequentially("løv")
    options = page.locator("#arbeidssteder option")
    expect(options.last).to_have_attribute("value", "Løvstakken legesenter (Helse Bergen HF)")
    assert [o.get_attribute("value") for o in options.all()] == [
        "Løvåsen sykehjem (Bergen kommune)",
        "Løvstakken legesenter (Helse Bergen HF)",
    ]
    workplace.fill("Løvåsen sykehjem (Bergen kommune)")  # as choosing it from the list does

    # The leader's address is known: the name is filled in and shown.
    leader_email = page.get_by_label("Nærmeste leders e-post")
    leader_email.fill("LEDER@lindra.example")
    leader_email.press("Tab")
    expect(page.get_by_text("Lars Leder finnes i registeret og blir nærmeste leder.")).to_be_visible()
    expect(page.get_by_label("Nærmeste leders fornavn")).to_have_value("Lars")
    expect(page.get_by_label("Nærmeste leders etternavn")).to_have_value("Leder")
    checked(page)
    screenshot(page, "add-member-desktop")

    # A workplace not found, and a new one begun: the errors sit on their fields.
    workplace.fill("Fjellheim")
    page.get_by_role("button", name="Legg til").click()
    expect(workplace).to_have_accessible_description(re.compile("Fant ikke arbeidsstedet «Fjellheim»"))
    page.get_by_label("Navn på det nye arbeidsstedet").fill("Fjellheim bofellesskap")  # opened by the error
    workplace.fill("")
    page.get_by_role("button", name="Legg til").click()
    expect(page.get_by_label("Kommune", exact=True)).to_have_accessible_description("Feltet er påkrevet.")
    expect(page.get_by_label("Navn på det nye arbeidsstedet")).to_have_value("Fjellheim bofellesskap")
    checked(page)
    page.get_by_label("Navn på det nye arbeidsstedet").fill("")
    workplace.fill("Løvåsen sykehjem (Bergen kommune)")

    page.get_by_role("button", name="Legg til").click()
    nora = Person.objects.get(email="nora.ny@bergen.example")
    expect(page).to_have_url(f"{base}/personer/{nora.pk}/")
    expect(page.get_by_role("status")).to_have_text("Nora Ny er lagt til som medlem. Nærmeste leder: Lars Leder.")
    checked(page)
    membership = Membership.objects.get(person=nora)
    assert (membership.workplace, membership.nearest_leader) == (registry.workplace, registry.people["nearest_leader"])
    assert Person.objects.filter(email__iexact="leder@lindra.example").count() == 1


def test_a_member_is_added_with_a_new_workplace_on_a_phone_without_javascript(
    no_script_page, live_server, registry, other_workplaces
):
    page, base = no_script_page, live_server.url
    open_add_member(page, base, registry)
    page.get_by_label("E-post", exact=True).fill("ola.ny@bergen.example")
    page.get_by_label("Fornavn", exact=True).fill("Ola")
    page.get_by_label("Etternavn", exact=True).fill("Ny")
    page.get_by_label("Lokalgruppe").select_option(label="Bergen sentrum")
    page.get_by_label("Arbeidssted", exact=True).fill("Fjellheim")
    page.get_by_label("Nærmeste leders e-post").fill("leder@lindra.example")
    page.get_by_role("button", name="Legg til").click()

    # Not found: said beside the field, with the way on; what was typed stays.
    workplace = page.get_by_label("Arbeidssted", exact=True)
    expect(workplace).to_have_accessible_description(re.compile("Fant ikke arbeidsstedet «Fjellheim»"))
    expect(workplace).to_have_value("Fjellheim")
    expect(page.get_by_text("Lars Leder finnes i registeret og blir nærmeste leder.")).to_be_visible()
    assert_fits_the_screen(page)  # axe needs JavaScript: the same page is checked in the test above

    workplace.fill("")
    page.get_by_label("Navn på det nye arbeidsstedet").fill("Fjellheim bofellesskap")  # opened by the error
    page.get_by_label("Type", exact=True).select_option(label="Annet")
    page.get_by_label("Kommune", exact=True).select_option(label="Bergen")
    page.get_by_label("Eier", exact=True).select_option(label="Bergen kommune")
    assert_fits_the_screen(page)  # axe needs JavaScript: the same page is checked in the test above
    screenshot(page, "add-member-new-workplace-phone")
    page.get_by_role("button", name="Legg til").click()

    ola = Person.objects.get(email="ola.ny@bergen.example")
    expect(page).to_have_url(f"{base}/personer/{ola.pk}/")
    expect(page.get_by_text("Fjellheim bofellesskap", exact=True)).to_be_visible()
    membership = Membership.objects.select_related("workplace__organisation").get(person=ola)
    assert (membership.workplace.name, membership.workplace.organisation.name) == (
        "Fjellheim bofellesskap",
        "Bergen kommune",
    )
    assert membership.nearest_leader == registry.people["nearest_leader"]


def test_the_secretariat_registers_ends_corrects_and_removes_a_leave(page, browser, live_server, registry):
    base = live_server.url
    member = registry.people["member"]
    today = timezone.localdate()
    started, back = today - dt.timedelta(days=20), today + dt.timedelta(days=10)
    sign_in(page, base, registry.email("secretariat"))
    page.goto(f"{base}/personer/{member.pk}/")

    page.get_by_role("link", name="Ny permisjon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Permisjon for Mona Medlem")
    checked(page)
    page.get_by_label("Fra").fill(started.isoformat())
    page.get_by_role("button", name="Registrer permisjon").click()
    expect(page.get_by_role("status")).to_have_text("Permisjonen er registrert.")
    leaves = page.get_by_role("region", name="Medlemskap").get_by_role("list")
    expect(leaves).to_contain_text(f"Fra {long_date(started)}, uten sluttdato")
    expect(leaves).to_contain_text("i permisjon nå")
    checked(page)

    # The group leader sees it, in another browser, without the means to change it.
    leaders_browser = browser.new_context(**CONTEXT_OPTIONS)
    leader_page = leaders_browser.new_page()
    sign_in(leader_page, base, registry.email("group_leader"))
    leader_page.goto(f"{base}/personer/{member.pk}/")
    leader_sees = leader_page.get_by_role("region", name="Medlemskap").get_by_role("list")
    expect(leader_sees).to_contain_text(f"Fra {long_date(started)}, uten sluttdato")
    expect(leader_page.get_by_role("link", name=re.compile("^(Avslutt|Rett datoene|Fjern)"))).to_have_count(0)
    checked(leader_page)
    leaders_browser.close()

    # She comes back: the leave is ended on her last day of leave.
    page.get_by_role("link", name=f"Avslutt permisjonen fra {long_date(started)}, uten sluttdato").click()
    checked(page)
    page.get_by_label("Siste dag i permisjon").fill((started - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Avslutt permisjonen").click()
    last_day = page.get_by_label("Siste dag i permisjon")
    expect(last_day).to_have_accessible_description(re.compile("Permisjonen kan ikke slutte før den begynner."))
    checked(page)
    last_day.fill(back.isoformat())
    page.get_by_role("button", name="Avslutt permisjonen").click()
    expect(page.get_by_role("status")).to_have_text("Permisjonen er avsluttet.")
    period = f"{long_date(started)} – {long_date(back)}"
    history = page.get_by_role("region", name="Historikk")
    expect(history.get_by_role("listitem").first).to_contain_text(f"{long_date(back)}: Permisjon avsluttet")

    # A correction that would overlap another leave is refused on the field.
    page.get_by_role("link", name="Ny permisjon").click()
    page.get_by_label("Fra").fill((back + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Registrer permisjon").click()
    page.get_by_role("link", name=f"Rett datoene for permisjonen {period}").click()
    page.get_by_label("Til og med").fill((back + dt.timedelta(days=40)).isoformat())
    page.get_by_role("button", name="Lagre datoene").click()
    expect(page.get_by_label("Til og med")).to_have_accessible_description(
        re.compile(rf"overlapper en annen permisjon \(fra {long_date(back + dt.timedelta(days=30))}, uten sluttdato\)")
    )
    checked(page)
    page.get_by_role("link", name="Avbryt").click()

    # Removing asks first, saying what it means.
    page.get_by_role("link", name=f"Fjern permisjonen {period}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fjerne permisjonen til Mona Medlem?")
    expect(page.get_by_text("Fravær fra møter i perioden teller igjen")).to_be_visible()
    checked(page)
    screenshot(page, "remove-leave-desktop")
    page.get_by_label("Hvorfor fjernes permisjonen? (valgfritt)").fill("Registrert på feil person")
    page.get_by_role("button", name="Fjern permisjonen").click()
    expect(page.get_by_role("status")).to_have_text(f"Permisjonen {period} er fjernet.")
    removed = history.get_by_role("listitem").filter(has_text="Permisjon fjernet")
    expect(removed).to_contain_text(f"Permisjonen {period} er fjernet")
    expect(removed).to_contain_text("Begrunnelse: Registrert på feil person")
    checked(page)
    assert Leave.objects.filter(membership__person=member).count() == 1
    kinds = set(Change.objects.filter(person=member).values_list("kind", flat=True))
    assert {ChangeKind.LEAVE, ChangeKind.LEAVE_ENDED, ChangeKind.LEAVE_REMOVED} <= kinds


def test_the_member_page_with_leave_fits_a_phone(phone_page, live_server, registry):
    base = live_server.url
    member = registry.people["member"]
    membership = Membership.objects.get(person=member)
    today = timezone.localdate()
    Leave.objects.create(
        membership=membership, starts_on=today - dt.timedelta(days=90), ends_on=today - dt.timedelta(days=60)
    )
    Leave.objects.create(membership=membership, starts_on=today - dt.timedelta(days=5))
    for role in ("secretariat", "group_leader"):
        phone_page.context.clear_cookies()
        sign_in(phone_page, base, registry.email(role))
        phone_page.goto(f"{base}/personer/{member.pk}/")
        expect(phone_page.get_by_text("i permisjon nå")).to_be_visible()
        checked(phone_page)
        screenshot(phone_page, f"leave-{role}-phone")
