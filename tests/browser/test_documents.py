"""The network's plans and documents on a phone: the secretariat writes the competence plan (a
date in the future is refused, with the text kept), uploads a new version as a PDF, and sees
the topics and the matrix of what each group covered; a member reads and downloads them. Every
page checked with axe-core and made to fit a 390 px screen."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.annual.models import Document
from lindra.meetings.models import CompetenceTopic, Meeting
from tests.annual.conftest import pdf_of
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen

PLAN_TEXT = "Kompetanseplanen for nettverket.\n\nTemaene er smertelindring og samtaler om livets slutt."


def _look(page: Page) -> None:
    check_accessibility(page)
    assert_fits_the_screen(page)


def _topics_and_a_held_meeting(registry) -> None:
    pain = CompetenceTopic.objects.create(network=registry.network, title="Smertelindring")
    CompetenceTopic.objects.create(network=registry.network, title="Samtaler om livets slutt")
    day = timezone.now() - dt.timedelta(days=30)
    held = Meeting.objects.create(
        network=registry.network,
        local_group=registry.group,
        title="Nettverksmøte om smerte",
        starts_at=day,
        ends_at=day + dt.timedelta(hours=3),
        attendance_recorded_at=day + dt.timedelta(hours=4),
    )
    held.topics.add(pain)


def test_the_secretariat_writes_the_competence_plan_and_a_member_reads_it_on_a_phone(
    phone_page: Page, live_server, registry, tmp_path
):
    _topics_and_a_held_meeting(registry)
    page = phone_page
    sign_in(page, live_server.url, registry.email("secretariat"))
    page.goto(f"{live_server.url}/nettverk/{registry.network.pk}/dokumenter/")
    expect(page.get_by_role("heading", name="Planer og dokumenter", exact=True)).to_be_visible()
    _look(page)

    page.get_by_role("link", name="Nytt dokument").click()
    page.get_by_label("Type").select_option(label="Kompetanseplan")
    page.get_by_label("Tittel").fill("Kompetanseplan")
    page.get_by_label("Tekst").fill(PLAN_TEXT)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.get_by_label("Godkjent", exact=True).fill(tomorrow.isoformat())
    page.get_by_label("Godkjent av").fill("Styringsgruppen")
    page.get_by_label("Vis på nettverkets offentlige side").check()
    page.get_by_role("button", name="Lagre dokumentet").click()
    expect(page.get_by_text("Datoen det ble godkjent kan ikke være fram i tid.").first).to_be_visible()
    expect(page.get_by_label("Tekst")).to_have_value(PLAN_TEXT)
    _look(page)

    page.get_by_label("Godkjent", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Lagre dokumentet").click()
    expect(page.get_by_role("heading", name="Kompetanseplan", exact=True)).to_be_visible()
    expect(page.get_by_text("Temaene er smertelindring og samtaler om livets slutt.")).to_be_visible()
    expect(page.get_by_role("link", name="Nettverksmøte om smerte")).to_be_visible()
    _look(page)

    pdf = tmp_path / "kompetanseplan.pdf"
    pdf.write_bytes(pdf_of("Kompetanseplan, revidert"))
    form = page.locator("form", has=page.get_by_role("button", name="Lagre versjonen"))
    form.get_by_label("Fil (PDF eller Word)").set_input_files(str(pdf))
    form.get_by_label("Godkjent", exact=True).fill(timezone.localdate().isoformat())
    form.get_by_label("Godkjent av").fill("Styringsgruppen")
    form.get_by_label("Neste revisjon").fill((timezone.localdate() + dt.timedelta(days=730)).isoformat())
    form.get_by_role("button", name="Lagre versjonen").click()
    expect(page.get_by_text("Versjon 2 av «Kompetanseplan» er lagret.")).to_be_visible()
    expect(page.get_by_role("link", name="Last ned versjon 2")).to_be_visible()
    assert Document.objects.get().versions.count() == 2

    page.get_by_role("link", name="Se hva hver gruppe har dekket, år for år").click()
    expect(page.get_by_role("heading", name="Kompetanseplanen i gruppene")).to_be_visible()
    expect(page.get_by_text("1 møte").first).to_be_visible()
    _look(page)

    page.context.clear_cookies()
    sign_in(page, live_server.url, registry.email("member"))
    page.goto(f"{live_server.url}/nettverk/{registry.network.pk}/dokumenter/")
    expect(page.get_by_role("link", name="Kompetanseplan", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Nytt dokument")).to_have_count(0)
    _look(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Versjon 2").click()
    assert download.value.suggested_filename == "kompetanseplan.pdf"
