"""The meeting cycle in a browser, as the seeds describe it: the group leader plans next year,
the host drafts the invitation and sends it to the secretariat, the secretariat sends it to
the group, and a member gives notice of absence from the link in her e-mail, on her phone;
her nearest leader and the group leader are told. Every page is checked with axe-core."""

import re

from playwright.sync_api import Page, expect

from lindra.meetings.models import Meeting, Registration
from lindra.meetings.services import create_steps
from tests.browser.conftest import check_accessibility, sign_in


def test_plan_invite_send_and_give_notice_from_the_email(
    page: Page, phone_page: Page, browser, live_server, registry, outbox
):
    base = live_server.url
    group = registry.group
    create_steps(registry.meeting)
    next_year = registry.meeting.starts_at.year + 1

    # The group leader plans next year's three meetings at the year's last meeting.
    sign_in(page, base, registry.email("group_leader"))
    page.goto(f"{base}/grupper/{group.pk}/")
    page.get_by_role("link", name="Sett opp neste års møteplan").click()
    check_accessibility(page)
    for n, day in enumerate([f"{next_year}-03-10", f"{next_year}-05-17", f"{next_year}-10-13"]):
        meeting_form = page.get_by_role("group", name=f"Nytt møte {n + 1}")
        meeting_form.get_by_label("Dato").fill(day)
        meeting_form.get_by_label("Sted").fill("Løvåsen sykehjem")
    page.get_by_role("button", name="Lagre møteplanen").click()
    # 17 May is a public holiday: Lindra warns, and saves when asked again.
    expect(page.get_by_role("alert")).to_contain_text("helligdag")
    check_accessibility(page)
    page.get_by_role("button", name="Lagre møteplanen").click()
    expect(page.get_by_text(f"Møteplanen for {next_year} er lagret.")).to_be_visible()
    assert Meeting.objects.filter(local_group=group, starts_at__year=next_year).count() == 3

    # The host drafts the invitation and sends it to the secretariat.
    host = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo").new_page()
    sign_in(host, base, registry.email("host"))
    host.goto(f"{base}/moter/{registry.meeting.pk}/innkalling/")
    check_accessibility(host)
    host.get_by_label("Tekst i innkallingen").fill("Velkommen til Løvåsen! Vi serverer lunsj.")
    host.get_by_role("button", name="Lagre og send til sekretariatet").click()
    expect(host.get_by_text("Innkallingen er sendt til sekretariatet.")).to_be_visible()
    assert outbox.to(registry.network.secretariat_email)

    # The secretariat reads it and sends it to the whole group.
    secretariat = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo").new_page()
    sign_in(secretariat, base, registry.email("secretariat"))
    secretariat.goto(f"{base}/moter/{registry.meeting.pk}/innkalling/")
    check_accessibility(secretariat)
    secretariat.get_by_role("button", name=re.compile(r"Send ut til \d+ deltakere")).click()
    expect(secretariat.get_by_text(re.compile("Innkallingen er sendt på e-post til"))).to_be_visible()
    check_accessibility(secretariat)

    # Mona opens the invitation on her phone and gives notice from its link.
    mona = registry.people["member"]
    [invitation] = [m for m in outbox.to(mona.email) if m.subject.startswith("Innkalling:")]
    assert dict(invitation.attachments)["innkalling.pdf"].startswith(b"%PDF")
    # The e-mail's links in order: I am coming, I cannot come, I have read it.
    _coming, absent_link, _read = re.findall(r"https?://\S+/svar/\S+/", invitation.text)
    outbox.clear()
    phone_page.goto(absent_link)
    expect(phone_page.get_by_role("heading", name="Meld forfall")).to_be_visible()
    check_accessibility(phone_page)
    phone_page.get_by_role("button", name="Meld forfall").click()
    check_accessibility(phone_page)
    assert Registration.objects.get(meeting=registry.meeting, person=mona).answer == Registration.Answer.ABSENT

    told = {address for message in outbox.messages for address in message.envelope_to}
    assert registry.email("nearest_leader") in told
    assert registry.email("group_leader") in told
