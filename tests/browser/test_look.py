"""The finish of the pages: Lindra's name mark and icon, the Inter font, and wide tables that
scroll on a phone with a cue and every column kept."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, sign_in

INTER_LOADED = """() => document.fonts.ready.then(() => ({
  check: document.fonts.check('16px Inter'),
  loaded: [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Inter' && f.status === 'loaded').length,
  body: getComputedStyle(document.body).fontFamily,
}))"""


def test_the_pages_are_drawn_in_inter_served_by_lindra(page: Page, live_server):
    page.goto(f"{live_server.url}/konto/logg-inn/")
    fonts = page.evaluate(INTER_LOADED)
    assert fonts["check"] and fonts["loaded"] >= 1, fonts
    assert fonts["body"].startswith('"Inter"') or fonts["body"].startswith("Inter"), fonts
    check_accessibility(page)


def test_the_header_carries_the_name_mark_and_the_page_its_icon(page: Page, live_server):
    page.goto(f"{live_server.url}/konto/logg-inn/")
    brand = page.get_by_role("link", name="Lindra", exact=True)
    expect(brand.locator("svg.site-header__mark")).to_be_visible()
    icons = {'link[rel="icon"][type="image/svg+xml"]': "image/svg+xml", 'link[rel="icon"][sizes]': "image/"}
    for selector, kind in icons.items():
        href = page.locator(selector).get_attribute("href")
        response = page.request.get(f"{live_server.url}{href}")
        assert response.status == 200 and kind in response.headers["content-type"], (href, response.headers)


def test_a_wide_table_on_a_phone_scrolls_with_a_cue_and_hides_no_column(phone_page: Page, live_server, registry):
    page = phone_page
    sign_in(page, live_server.url, registry.email("secretariat"))
    page.goto(live_server.url + reverse("meetings:network_year", args=[registry.network.pk]))
    table = page.get_by_role("region", name="Tabell over lokalgruppene")
    expect(table).to_be_visible()
    frame = page.locator(".table-scroll", has=table)
    hint = page.get_by_text("Sveip for å se hele tabellen")
    expect(hint).to_be_visible()
    expect(frame).to_have_class("table-scroll has-more-right")

    columns = table.locator("thead th")
    assert columns.count() >= 5
    for index in range(columns.count()):
        box = columns.nth(index).bounding_box()
        assert box is not None and box["width"] > 0, f"column {index} is hidden"
    check_accessibility(page)

    table.evaluate("box => box.scrollTo({left: box.scrollWidth})")
    expect(frame).to_have_class("table-scroll has-more-left")
    last = columns.nth(columns.count() - 1).bounding_box()
    assert last["x"] + last["width"] <= 390 + 1, "the last column can be scrolled into view"


def test_a_table_that_fits_has_no_cue(page: Page, live_server, registry):
    sign_in(page, live_server.url, registry.email("secretariat"))
    page.goto(live_server.url + reverse("meetings:network_year", args=[registry.network.pk]))
    expect(page.get_by_role("region", name="Tabell over lokalgruppene")).to_be_visible()
    expect(page.locator(".table-scroll")).to_have_class("table-scroll")
    expect(page.get_by_text("Sveip for å se hele tabellen")).to_be_hidden()
