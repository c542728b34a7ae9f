"""Choosing the next group leader on a phone (seed 000): the leader's home page says a new
leader must be chosen; the choice page ranks the members and selects the fair suggestion;
choosing oneself again asks to confirm; the suggested member is recorded, and the group page
names her as the next leader.

Every page visited is checked with axe-core."""

import datetime as dt
import re

from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from lindra.registry.models import Term
from tests.browser.conftest import ARTIFACTS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen


def test_the_group_leader_records_the_next_leader_on_a_phone(phone_page, live_server, registry):
    page, base = phone_page, live_server.url
    ends_on = timezone.localdate() + dt.timedelta(days=30)
    Term.objects.filter(person=registry.people["group_leader"], kind=Term.Kind.GROUP_LEADER).update(ends_on=ends_on)
    starts_on = date_format(ends_on + dt.timedelta(days=1), "j. F Y")

    sign_in(page, base, registry.email("group_leader"))
    section = page.get_by_role("region", name="Ny gruppeleder må velges")
    expect(section).to_contain_text(f"innen {date_format(ends_on, 'j. F Y')}")
    check_accessibility(page)
    section.get_by_role("link", name="Bergen sentrum").click()

    expect(page.get_by_role("heading", name="Ny gruppeleder for Bergen sentrum")).to_be_visible()
    choices = page.get_by_role("group", name="Ny gruppeleder")
    aina = choices.get_by_role("radio", name=re.compile(r"^Aina Arrangør – har aldri ledet gruppen"))
    expect(aina).not_to_be_checked()  # the suggestion is listed first, but nobody is ticked
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "choose-leader-phone.png", full_page=True)
    assert_fits_the_screen(page)
    check_accessibility(page)

    choices.get_by_role("radio", name=re.compile(r"^Gunnar Gruppeleder – .*går av som gruppeleder")).check()
    page.get_by_role("button", name="Registrer valget").click()
    expect(page.get_by_role("alert")).to_contain_text("Gunnar Gruppeleder har ledet gruppen oftere eller nyere enn")
    expect(page.get_by_role("checkbox", name="Registrer valget likevel")).to_be_visible()
    check_accessibility(page)

    aina.check()
    page.get_by_role("button", name="Registrer valget").click()
    expect(page.get_by_text(f"Aina Arrangør er valgt som gruppeleder fra {starts_on}.")).to_be_visible()
    expect(page.get_by_text(f"Ny gruppeleder fra {starts_on}: Aina Arrangør.")).to_be_visible()
    check_accessibility(page)
    new = Term.objects.get(person=registry.people["host"], kind=Term.Kind.GROUP_LEADER)
    assert new.seats.get().committee == registry.committee
