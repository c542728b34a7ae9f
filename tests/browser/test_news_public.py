"""On a phone: a committee member writes news to the group, forgets the text and keeps the
title, publishes; the member gets it by e-mail and on her home page, and opts out from the
link in the e-mail. The secretariat opens the network's public page, which anyone then reads,
also as embedded. Every page is checked with axe-core."""

import re

from playwright.sync_api import Page, expect

from lindra.annual import news as news_service
from lindra.annual.models import NewsItem, NewsOptOut, PublicPage
from tests.browser.conftest import ARTIFACTS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen


def test_a_committee_member_posts_news_and_the_member_reads_it_and_opts_out(
    phone_page: Page, live_server, registry, outbox
):
    page = phone_page
    sign_in(page, live_server.url, registry.email("committee_member"))
    page.goto(f"{live_server.url}/nettverk/{registry.network.pk}/")
    page.get_by_role("link", name="Skriv en nyhet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny nyhet til nettverket")
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_label("Overskrift").fill("Fagdag om smertelindring 12. mars")
    page.get_by_label("Bergen sentrum").check()
    page.get_by_label("Fra utvalget").select_option(label="Driftsgruppen")
    page.get_by_role("button", name="Publiser").click()
    expect(page.get_by_role("alert")).to_contain_text("Tekst")
    expect(page.get_by_label("Overskrift")).to_have_value("Fagdag om smertelindring 12. mars")
    expect(page.get_by_label("Bergen sentrum")).to_be_checked()
    check_accessibility(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "news-form-phone.png", full_page=True)

    page.get_by_label("Tekst").fill("Sett av dagen. Program kommer.")
    page.get_by_role("button", name="Publiser").click()
    expect(page.get_by_role("status")).to_contain_text("Nyheten er publisert")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fagdag om smertelindring 12. mars")
    expect(page.get_by_text("Til Bergen sentrum · fra Driftsgruppen")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "news-item-phone.png", full_page=True)

    [mail] = outbox.to(registry.email("member"))
    assert mail.subject == "KLB Vestland: Fagdag om smertelindring 12. mars"

    page.context.clear_cookies()
    sign_in(page, live_server.url, registry.email("member"))
    news = page.get_by_role("region", name="Nyheter")
    expect(news).to_contain_text("Fagdag om smertelindring 12. mars")
    check_accessibility(page)

    [link] = re.findall(r"https?://\S+/nyheter/avmelding/\S+/", mail.text)
    page.context.clear_cookies()
    page.goto(link)
    check_accessibility(page)
    assert_fits_the_screen(page)
    assert not NewsOptOut.objects.exists()
    page.get_by_role("button", name="Ikke send meg nyheter på e-post").click()
    expect(page.get_by_role("status")).to_contain_text("Du får ikke lenger nyheter på e-post")
    page.screenshot(path=ARTIFACTS / "news-unsubscribe-phone.png", full_page=True)
    assert NewsOptOut.objects.filter(person=registry.people["member"]).exists()


def test_the_secretariat_opens_the_public_page_and_anyone_reads_it(phone_page: Page, live_server, registry):
    page = phone_page
    registry.fagdag(days_ahead=50, place="Haukeland universitetssjukehus")
    sign_in(page, live_server.url, registry.email("secretariat"))
    page.goto(f"{live_server.url}/nettverk/{registry.network.pk}/")
    page.get_by_role("link", name="Offentlig side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Den offentlige siden")
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_label("Adresse").fill("klb vestland")
    page.get_by_label("Innledning").fill("Nettverket for ressurssykepleiere i Vestland.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_contain_text("Adresse")
    expect(page.get_by_label("Innledning")).to_have_value("Nettverket for ressurssykepleiere i Vestland.")
    check_accessibility(page)

    page.get_by_label("Adresse").fill("klb-vestland")
    page.get_by_label("Utvalgene: medlemmenes navn og roller").check()
    page.get_by_label("Neste fagdag: dato, sted og tittel").check()
    page.get_by_label("Siden er åpen for alle").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_have_text("Siden er åpen for alle.")
    expect(page.get_by_label("Kode for å bygge inn siden")).to_contain_text("/offentlig/klb-vestland/innebygd/")
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/offentlig/klb-vestland/")
    expect(page.get_by_role("heading", level=1)).to_have_text(registry.network.name)
    expect(page.get_by_role("region", name="Neste fagdag")).to_contain_text("Haukeland universitetssjukehus")
    expect(page.get_by_role("region", name="Hvem sitter i utvalgene")).to_contain_text("Ulla Utvalgsmedlem")
    assert "55 00 00 00" not in page.content() and "utvalg@lindra.example" not in page.content()
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "public-page-phone.png", full_page=True)

    page.goto(f"{live_server.url}/offentlig/klb-vestland/innebygd/")
    expect(page.get_by_role("region", name="Neste fagdag")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)


def test_the_news_and_public_pages_on_a_desktop(page: Page, live_server, registry):
    secretariat = registry.people["secretariat"].user
    item = news_service.save_news(
        NewsItem(network=registry.network),
        {"title": "Ny kompetanseplan", "body": "Planen er vedtatt.", "committee": None, "public": True},
        [],
        publish=True,
        by=secretariat,
        expected_version=0,
    )
    draft = news_service.save_news(
        NewsItem(network=registry.network),
        {"title": "Utkast til nyhet", "body": "Ikke ferdig.", "committee": registry.committee, "public": False},
        [registry.group],
        publish=False,
        by=secretariat,
        expected_version=0,
    )
    PublicPage.objects.create(network=registry.network, slug="klb-vestland", published=True, show_news=True)
    sign_in(page, live_server.url, registry.email("secretariat"))
    for url, heading in (
        (f"/nettverk/{registry.network.pk}/nyheter/", "Nyheter"),
        (f"/nyheter/{item.pk}/", "Ny kompetanseplan"),
        (f"/nyheter/{item.pk}/endre/", "Endre nyheten"),
        (f"/nyheter/{draft.pk}/", "Utkast til nyhet"),
        ("/nyheter/reservasjon/", "Nyheter på e-post"),
        (f"/nettverk/{registry.network.pk}/offentlig-side/", "Den offentlige siden"),
        ("/offentlig/klb-vestland/", registry.network.name),
    ):
        page.goto(live_server.url + url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_accessibility(page)
        assert_fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "public-page-desktop.png", full_page=True)
    page.goto(f"{live_server.url}/nettverk/{registry.network.pk}/nyheter/")
    page.screenshot(path=ARTIFACTS / "news-list-desktop.png", full_page=True)
