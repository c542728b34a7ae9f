"""On a phone: a member opens the questionnaire from the real e-mail, without signing in, types
a number out of range and is told beside the field, saves a draft, comes back, sees a question
appear only after the answer it follows, and sends; the
secretariat then reads the response rate and the results, with charts and their tables. Every
page is checked with axe-core."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.annual import questionnaires
from lindra.annual.models import Respondent
from tests.annual.questionnaire_setup import fill
from tests.browser.conftest import ARTIFACTS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen


def test_a_member_answers_on_a_phone_and_the_secretariat_reads_the_results(
    phone_page: Page, live_server, registry, outbox
):
    page = phone_page
    today = timezone.localdate()
    questionnaire = questionnaires.create_questionnaire(
        registry.network,
        year=today.year,
        title="Årlig rapportering",
        opens_on=today,
        closes_on=today + dt.timedelta(days=14),
        start=questionnaires.STANDARD,
        by=registry.people["secretariat"].user,
    )
    questionnaires.open_questionnaires()
    [mail] = outbox.to(registry.email("member"))
    [link] = re.findall(r"https?://\S+/sporreskjema/svar/\S+/", mail.text)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Årlig rapportering")
    check_accessibility(page)
    assert_fits_the_screen(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "questionnaire-answer-phone.png", full_page=True)

    meetings = page.get_by_label("Hvor mange nettverksmøter i lokalgruppen deltok du på i år?")
    meetings.fill("25")
    page.get_by_role("group", name="Deltok du på fagdagen?").get_by_label("Ja").check()
    page.get_by_role("button", name="Send inn svarene").click()
    expect(page.get_by_role("alert")).to_contain_text("Svaret må være fra 0 til 20.")
    expect(meetings).to_have_value("25")
    check_accessibility(page)
    assert_fits_the_screen(page)

    meetings.fill("3")
    page.get_by_role("button", name="Lagre og fortsett senere").click()
    expect(page.get_by_role("status")).to_contain_text("Svarene er lagret.")
    page.goto(link)
    expect(meetings).to_have_value("3")
    # The question after "Nei" shows only once "Nei" is chosen, and goes when it is taken back.
    why = page.get_by_label("Hva gjorde at du ikke fikk gitt referat?")
    expect(why).to_be_hidden()
    reported = page.get_by_role("group", name="Har du gitt referat fra nettverkssamlingene på arbeidsstedet ditt?")
    reported.get_by_label("Nei").check()
    expect(why).to_be_visible()
    check_accessibility(page)
    reported.get_by_label("Ja, til leder", exact=True).check()
    expect(why).to_be_hidden()
    page.get_by_role("group", name="Har du laget en arbeidsplan for året sammen med nærmeste leder?").get_by_label(
        "Ja"
    ).check()
    page.get_by_role(
        "group", name="Hvor mye har nettverket styrket kompetansen din i lindrende behandling?"
    ).get_by_label("4").check()
    page.get_by_role("button", name="Send inn svarene").click()
    expect(page.get_by_role("status")).to_contain_text("Takk! Svarene dine er sendt inn.")
    check_accessibility(page)
    assert Respondent.objects.get(person=registry.people["member"]).answered_on == today

    fill(questionnaire, 6, local_group=registry.group)
    page.context.clear_cookies()
    sign_in(page, live_server.url, registry.email("secretariat"))
    page.goto(live_server.url + questionnaire.get_absolute_url())
    expect(page.get_by_role("region", name="Tabell over svarprosent per lokalgruppe")).to_contain_text("Bergen sentrum")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "questionnaire-detail-phone.png", full_page=True)

    page.get_by_role("link", name="Se resultatene").click()
    expect(page.get_by_text("7 svar i utvalget.")).to_be_visible()
    expect(page.get_by_role("region", name="Tallene for Deltok du på fagdagen?")).to_contain_text("Ja")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "questionnaire-results-phone.png", full_page=True)

    page.get_by_label("Lokalgruppe", exact=True).select_option(label="Bergen sentrum")
    page.get_by_label("Yrke", exact=True).select_option(label="Sykepleier")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_label("Lokalgruppe", exact=True)).to_have_value(str(registry.group.pk))
    check_accessibility(page)
