"""On a phone: the member reports a deviation (the form refuses an identity number and keeps
her text), the group leader finds it on his home page and sends it to the operations group,
whose member closes it with the measure taken. The member is told at each step by e-mail. Every
page is checked with axe-core."""

from playwright.sync_api import Page, expect

from lindra.annual import deviations
from lindra.annual.models import Deviation
from tests.browser.conftest import ARTIFACTS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen

TITLE = "Innkallingen kom for sent"


def look(page: Page, name: str | None = None) -> None:
    check_accessibility(page)
    assert_fits_the_screen(page)
    if name:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def test_a_deviation_is_reported_handled_escalated_and_closed_on_a_phone(
    phone_page: Page, live_server, registry, outbox
):
    page = phone_page
    sign_in(page, live_server.url, registry.email("member"))
    look(page)
    page.get_by_role("region", name="Avvik i driften").get_by_role("link", name="Meld avvik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld avvik i driften av nettverket")
    expect(page.get_by_text("Ikke skriv pasientopplysninger")).to_be_visible()
    look(page, "deviation-new-phone")

    page.get_by_label("Hvor gjelder det?").select_option(label="Bergen sentrum (KLB Vestland)")
    page.get_by_label("Kort beskrivelse").fill(TITLE)
    typed = "Innkallingen kom to dager før møtet. Gjaldt pasient 01017012345."
    page.get_by_label("Hva skjedde?").fill(typed)
    page.get_by_role("button", name="Meld avviket").click()
    expect(page.get_by_role("alert")).to_contain_text("Teksten ser ut til å inneholde et fødselsnummer")
    expect(page.get_by_label("Hva skjedde?")).to_have_value(typed)
    expect(page.get_by_label("Kort beskrivelse")).to_have_value(TITLE)
    look(page, "deviation-refused-phone")
    assert not Deviation.objects.exists()

    page.get_by_label("Hva skjedde?").fill("Innkallingen kom to dager før møtet, så halve gruppen kunne ikke komme.")
    page.get_by_role("button", name="Meld avviket").click()
    expect(page.get_by_role("status")).to_contain_text("Avviket er meldt til gruppelederen i Bergen sentrum")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("hos gruppelederen", exact=True)).to_be_visible()
    look(page)

    # The group leader, on his home page.
    page.context.clear_cookies()
    sign_in(page, live_server.url, registry.email("group_leader"))
    section = page.get_by_role("region", name="Avvik å behandle")
    look(page, "deviation-home-group-leader-phone")
    section.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name="Behandle avviket")).to_be_visible()
    look(page, "deviation-handle-phone")
    page.get_by_label("Kommentar eller tiltak").fill("Gjelder rutinen for innkallinger i hele nettverket.")
    page.get_by_role("button", name="Send til Driftsgruppen").click()
    expect(page.get_by_role("status")).to_have_text("Avviket er sendt til Driftsgruppen.")
    expect(page.get_by_text("hos Driftsgruppen", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Lukk med tiltaket")).to_have_count(0)
    look(page)

    # The operations group closes it with the measure taken.
    page.context.clear_cookies()
    sign_in(page, live_server.url, registry.email("committee_member"))
    look(page)
    page.get_by_role("region", name="Avvik å behandle").get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Lukk med tiltaket").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv tiltaket som er gjort.")
    look(page)
    page.get_by_label("Kommentar eller tiltak").fill("Ny rutine: innkallingen går ut senest 14 dager før.")
    page.get_by_role("button", name="Lukk med tiltaket").click()
    expect(page.get_by_role("status")).to_contain_text("Avviket er lukket med tiltaket.")
    expect(page.get_by_text("Ny rutine: innkallingen går ut senest 14 dager før.").first).to_be_visible()
    look(page, "deviation-closed-phone")

    # The member sees it closed on her home page.
    page.context.clear_cookies()
    sign_in(page, live_server.url, registry.email("member"))
    expect(page.get_by_role("region", name="Dine meldte avvik")).to_contain_text("lukket")
    look(page, "deviation-home-member-phone")

    deviation = Deviation.objects.get()
    assert deviation.status == Deviation.Status.CLOSED and not deviation.closed_locally
    assert sorted(m.subject for m in outbox.to(registry.email("member"))) == [
        f"Avviket ditt er lukket: {TITLE}",
        f"Avviket ditt er mottatt: {TITLE}",
        f"Avviket ditt er sendt til Driftsgruppen: {TITLE}",
    ]


def test_the_secretariat_reads_the_networks_deviations_and_figures_on_a_phone(
    phone_page: Page, live_server, registry, outbox
):
    deviations.report_deviation(
        network=registry.network,
        local_group=None,
        title="Fagdagen kolliderte med gruppemøtet",
        description="Datoene var ikke sett opp mot hverandre.",
        happened_on=None,
        reporter=registry.people["member"],
        by=registry.people["member"].user,
    )
    page = phone_page
    sign_in(page, live_server.url, registry.email("secretariat"))
    page.get_by_role("region", name="Avvik å behandle").get_by_role("link", name="Fagdagen kolliderte").click()
    page.get_by_role("link", name="Alle dine avvik").click()
    page.get_by_role("link", name="Avvik og tall for KLB Vestland").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Avvik i Kompetansenettverk")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Sendt til driftsgruppen")
    look(page, "deviations-network-phone")
