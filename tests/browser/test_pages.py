"""The pages each role reaches, on a desktop and on a phone, checked with axe-core."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.meetings.models import FollowUp, Meeting, Minutes, Registration
from lindra.meetings.services import create_steps
from lindra.registry.models import Membership, Person, Term
from tests.browser.conftest import ARTIFACTS, ROLE_SECTIONS, check_accessibility, sign_in

VIEWPORTS = ["page", "phone_page"]


def visit(page: Page, url: str, heading: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_accessibility(page)
    assert_fits_the_screen(page)


def assert_fits_the_screen(page: Page) -> None:
    """Nothing but the tables' own scroll boxes may be wider than the window, and no text
    may run out of its box (a long word in a heading, say)."""
    overflow = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('body *')].filter(el => {
            if (el.closest('.table-wrap') || el.closest('.ds-sr-only, .ds-skip-link')) return false;
            // A chart's drawing scales with its viewBox: the svg's own box is what must fit.
            if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') return false;
            const box = el.getBoundingClientRect();
            if (box.width === 0) return false;
            const style = getComputedStyle(el);
            const spills = style.display === 'block' && style.overflowX === 'visible'
              && el.scrollWidth > el.clientWidth + 1;
            return box.right > width + 1 || spills;
          });
          return {scroll: document.documentElement.scrollWidth, width,
                  wide: wide.slice(0, 5).map(el => el.outerHTML.slice(0, 120))};
        }"""
    )
    assert overflow["scroll"] <= overflow["width"] and not overflow["wide"], overflow


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_member_can_visit_their_pages(request, live_server, registry, viewport):
    page = request.getfixturevalue(viewport)
    base = live_server.url
    member = registry.people["member"]
    sign_in(page, base, member.email)
    check_accessibility(page)
    assert_fits_the_screen(page)

    # From the home page to the group's name list, which shows no phone numbers to a member.
    page.get_by_role("region", name="Ditt nettverk").get_by_role("link", name="Bergen sentrum").click()
    expect(page).to_have_url(f"{base}/grupper/{registry.group.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bergen sentrum")
    names = page.get_by_role("table")
    expect(names.get_by_role("row")).to_have_count(4)
    expect(names).to_contain_text("Mona Medlem")
    expect(names.get_by_role("columnheader", name="Telefon")).to_have_count(0)
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_role("link", name="Gruppemøte om smertelindring").click()
    expect(page).to_have_url(f"{base}/moter/{registry.meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gruppemøte om smertelindring")
    expect(page.get_by_text("Aina Arrangør, Løvåsen sykehjem")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.goto(f"{base}/")
    page.get_by_role("link", name="Se og rett opplysningene dine").click()
    expect(page).to_have_url(f"{base}/personer/{member.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mona Medlem")
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_role("link", name="Min konto").click()
    expect(page).to_have_url(f"{base}/konto/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min konto")
    expect(page.get_by_text("medlem@lindra.example")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)

    # What a member may not see is not found.
    response = page.goto(f"{base}/nettverk/{registry.network.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_secretariat_can_visit_their_pages(request, live_server, registry, viewport):
    page = request.getfixturevalue(viewport)
    base = live_server.url
    sign_in(page, base, registry.email("secretariat"))
    check_accessibility(page)

    page.get_by_role("link", name=registry.network.name, exact=True).click()
    expect(page).to_have_url(f"{base}/nettverk/{registry.network.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(registry.network.name)
    expect(page.get_by_role("row", name="Bergen sentrum 3")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_role("link", name="Bergen sentrum").click()
    expect(page).to_have_url(f"{base}/grupper/{registry.group.pk}/")
    expect(page.get_by_role("columnheader", name="Telefon")).to_be_visible()
    expect(page.get_by_role("row", name="Mona Medlem")).to_contain_text("Lars Leder")
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_role("link", name="Mona Medlem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mona Medlem")
    check_accessibility(page)

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Logg").click()
    expect(page).to_have_url(f"{base}/logg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg")
    expect(page.get_by_role("link", name="Logg", exact=True)).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("row").filter(has_text="Innlogging")).not_to_have_count(0)
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_label("Handling").select_option(label="Innlogging")
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(base)}/logg/\?(.*&)?handling=sign_in(&|$)"))
    check_accessibility(page)


@pytest.mark.parametrize("role", ROLE_SECTIONS)
def test_the_home_page_on_a_phone(phone_page, live_server, registry, role):
    page = phone_page
    sign_in(page, live_server.url, registry.email(role))
    expect(page.get_by_role("heading", level=2, name=ROLE_SECTIONS[role])).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_in_viewport()
    check_accessibility(page)
    assert_fits_the_screen(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"phone-home-{role}.png", full_page=True)


def test_the_not_found_page_is_in_norwegian(page, live_server, registry):
    sign_in(page, live_server.url, registry.email("member"))
    response = page.goto(f"{live_server.url}/finnes-ikke/")
    assert response is not None and response.status == 404
    expect(page).to_have_title("Fant ikke siden – Lindra")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")
    expect(page.get_by_text("Siden finnes ikke, eller du har ikke tilgang til den.")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Til forsiden").click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_the_not_found_page_on_a_phone(phone_page, live_server, registry):
    sign_in(phone_page, live_server.url, registry.email("secretariat"))
    visit(phone_page, f"{live_server.url}/", "Hei, Siri Sekretær")
    response = phone_page.goto(f"{live_server.url}/finnes-ikke/")
    assert response is not None and response.status == 404
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")
    check_accessibility(phone_page)
    assert_fits_the_screen(phone_page)


def _a_held_year(registry) -> tuple[Meeting, FollowUp]:
    """Three meetings of the group held this year, Mona absent from all three, the last one's
    minutes approved: what the year's pages, the follow-up and the minutes have to show."""
    now = timezone.now()
    # Spread over the year so far, whatever day of the year this runs.
    first = timezone.make_aware(dt.datetime(timezone.localdate().year, 1, 1))
    span = (now - first) / 4
    held = []
    for n in (1, 2, 3):
        meeting = Meeting.objects.create(
            network=registry.network,
            local_group=registry.group,
            title=f"Nettverksmøte {n}",
            starts_at=first + span * n,
            ends_at=first + span * n + span / 2,
            host=registry.people["host"],
            attendance_recorded_at=first + span * n + span / 2,
        )
        create_steps(meeting)
        for role in ("group_leader", "host", "member"):
            Registration.objects.create(
                meeting=meeting,
                person=registry.people[role],
                attendance=Registration.Attendance.ABSENT if role == "member" else Registration.Attendance.PRESENT,
            )
        held.append(meeting)
    Minutes.objects.create(meeting=held[-1], part1="Runde rundt bordet.", status=Minutes.Status.APPROVED)
    follow_up = FollowUp.objects.create(
        network=registry.network,
        person=registry.people["member"],
        local_group=registry.group,
        year=timezone.localdate().year,
        absences=3,
    )
    return held[-1], follow_up


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_year_follow_ups_and_minutes_pages(request, live_server, registry, viewport):
    page = request.getfixturevalue(viewport)
    base = live_server.url
    meeting, follow_up = _a_held_year(registry)
    year = timezone.localdate().year
    group, network = registry.group, registry.network
    membership = Membership.objects.get(person=registry.people["member"])

    sign_in(page, base, registry.email("secretariat"))
    visit(page, f"{base}/nettverk/{network.pk}/aret/", f"Året {year} i gruppene")
    expect(page.get_by_role("row", name=re.compile("Bergen sentrum"))).to_contain_text("67 %")
    visit(page, f"{base}/grupper/{group.pk}/aret/", f"Året {year} i Bergen sentrum")
    visit(page, f"{base}/nettverk/{network.pk}/referatmal/", f"Referatmal for {network.short_name}")
    visit(page, f"{base}/moter/{meeting.pk}/referat/", f"Referat: {meeting.title}")
    visit(page, f"{base}/moter/{meeting.pk}/oppmote/", f"Oppmøte: {meeting.title}")
    visit(page, f"{base}/oppfolging/", "Oppfølging av fravær som sekretariatet har")

    page.context.clear_cookies()
    sign_in(page, base, registry.email("group_leader"))
    visit(page, f"{base}/grupper/{group.pk}/oppfolging/", "Oppfølging av fravær: Bergen sentrum")
    visit(page, base + follow_up.get_absolute_url(), f"Oppfølging av fravær {year}: Mona Medlem")
    visit(page, f"{base}/medlemskap/{membership.pk}/oppmote/", f"Oppmøte {year}: Mona Medlem")

    page.context.clear_cookies()
    sign_in(page, base, registry.email("nearest_leader"))
    visit(page, f"{base}/moter/{meeting.pk}/referat/", f"Referat: {meeting.title}")
    expect(page.get_by_text("Runde rundt bordet.")).to_be_visible()


def test_a_committee_member_reads_the_committee_on_a_phone_with_its_table_reachable_by_keyboard(
    phone_page, live_server, registry
):
    # A table of names and dates only, with nothing to focus in it, wider than the phone.
    for n in range(3):
        Term.objects.create(
            person=Person.objects.create(given_name="Anne-Marthe Kristine", family_name=f"Wergeland-Solheim {n}"),
            kind=Term.Kind.COMMITTEE_MEMBER,
            committee=registry.committee,
            network=registry.network,
            starts_on=dt.date(2025, 11, 21),
            ends_on=dt.date(2027, 11, 20),
        )
    page = phone_page
    sign_in(page, live_server.url, registry.email("committee_member"))
    visit(page, f"{live_server.url}/utvalg/{registry.committee.pk}/", "Driftsgruppen")
    expect(page.get_by_role("region", name="Tabell over verv")).to_be_visible()


def test_the_committee_plans_the_fagdag_on_a_phone(phone_page, live_server, registry):
    page = phone_page
    base = live_server.url
    sign_in(page, base, registry.email("committee_member"))
    page.goto(f"{base}/utvalg/{registry.committee.pk}/")
    page.get_by_role("link", name="Ny fagdag eller nytt introduksjonskurs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny fagdag eller nytt introduksjonskurs")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.get_by_label("Tittel").fill("Fagdag i palliasjon")
    page.get_by_label("Dato").fill((timezone.localdate() + dt.timedelta(days=120)).isoformat())
    page.get_by_label("Sted").fill("Haukeland, auditoriet")
    page.get_by_role("button", name="Legg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fagdag i palliasjon")
    expect(page.get_by_text("Fagdag i palliasjon er lagt inn.")).to_be_visible()
    check_accessibility(page)
    assert Meeting.objects.get(title="Fagdag i palliasjon").kind == Meeting.Kind.FAGDAG


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_group_leader_changes_a_years_plan_and_the_secretariat_sees_its_deadlines(
    request, live_server, registry, viewport
):
    """The year already has the group's next meeting: the group leader moves it, adds two
    more, is warned (a host twice before the other workplace), confirms; the secretariat
    sees the new deadlines with who answers for them and who is told when."""
    page = request.getfixturevalue(viewport)
    base = live_server.url
    create_steps(registry.meeting)
    year = timezone.localdate(registry.meeting.starts_at).year
    day = timezone.localdate(registry.meeting.starts_at)

    sign_in(page, base, registry.email("group_leader"))
    visit(page, f"{base}/grupper/{registry.group.pk}/moteplan/{year}/", f"Møteplan {year} for Bergen sentrum")
    assert_fits_the_screen(page)
    existing = page.get_by_role("group", name=registry.meeting.title)
    expect(existing.get_by_label("Sted")).to_have_value("Løvåsen sykehjem, møterom 2")
    existing.get_by_label("Sted").fill("Løvåsen sykehjem, kantina")
    page.get_by_role("button", name="Legg til et møte til").click()
    # Two more meetings a few days from it, in the same year.
    step = dt.timedelta(days=1 if (day + dt.timedelta(days=3)).year == year else -1)
    for n, later in ((1, day + 2 * step), (2, day + 3 * step)):
        row = page.get_by_role("group", name=f"Nytt møte {n}")
        row.get_by_label("Dato").fill(later.isoformat())
        row.get_by_label("Arrangør").select_option(label="Aina Arrangør (Løvåsen sykehjem)")
    page.get_by_role("button", name="Lagre møteplanen").click()
    expect(page.get_by_role("alert")).to_contain_text("arrangerer igjen")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Lagre møteplanen").click()
    expect(page.get_by_text(f"Møteplanen for {year} er lagret.")).to_be_visible()
    meetings = Meeting.objects.filter(local_group=registry.group, starts_at__year=year).order_by("starts_at")
    assert [m.place for m in meetings][:1] == ["Løvåsen sykehjem, kantina"]

    page.context.clear_cookies()
    sign_in(page, base, registry.email("secretariat"))
    visit(page, f"{base}/nettverk/{registry.network.pk}/frister/", f"Frister i {registry.network.name}")
    expect(page.get_by_text("Beskjed når fristen er passert: gruppelederen etter 1 dag").first).to_be_visible()
    assert_fits_the_screen(page)
