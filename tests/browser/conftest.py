"""End-to-end tests in Chromium: Playwright drives Debian's Chromium against the live server.

Every page a test visits is checked with axe-core (WCAG 2.1 A and AA, and best practice).
A failing test leaves a screenshot in test-artifacts/.
"""

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect, sync_playwright

from lindra.accounts.models import User
from lindra.meetings.models import Meeting
from lindra.registry.models import (
    Committee,
    LocalGroup,
    Membership,
    Municipality,
    Network,
    Organisation,
    Person,
    Profession,
    Term,
    Workplace,
)
from lindra.registry.services import record_joined

# Playwright's sync API runs an event loop in this thread; the ORM would refuse to run here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

PASSWORD = "lindra-test-2026"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CONTEXT_OPTIONS = {"locale": "nb-NO", "timezone_id": "Europe/Oslo"}
PHONE_OPTIONS = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SMALL_PHONE_OPTIONS = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}

# The heading of the section each role finds on the home page.
ROLE_SECTIONS = {
    "secretariat": "Nettverkene du er sekretariat for",
    "group_leader": "Gruppene du leder",
    "host": "Møter du er arrangør for",
    "member": "Ditt nettverk",
    "nearest_leader": "Dine ansatte i nettverkene",
    "committee_member": "Utvalg du sitter i",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# The browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()
    playwright.stop()


# Every page records what its Content-Security-Policy refused: the browser's console says
# "Refused to ...", and the page hears a securitypolicyviolation event.
RECORD_CSP_VIOLATIONS = """
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || "inline"} in ${event.documentURI}`);
  });
"""


def csp_violations(page: Page) -> list[str]:
    """What the policy refused on this tab so far: console messages and events of the page open now."""
    try:
        events = page.evaluate("window.__cspViolations || []")
    except Exception:  # noqa: BLE001 - a closed or navigating page has no events to give
        events = []
    return page.lindra_csp_console + events


def _open_page(request, browser, **options):
    context = browser.new_context(**CONTEXT_OPTIONS, **options)
    context.set_default_timeout(10_000)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    page.lindra_csp_console = []
    page.on(
        "console",
        lambda message: (
            page.lindra_csp_console.append(f"{message.text} ({page.url})")
            if "Content Security Policy" in message.text or message.text.startswith("Refused to")
            else None
        ),
    )
    yield page
    if page.lindra_csp_console:  # tests/browser/test_content_security_policy.py asserts none
        print("The Content-Security-Policy refused:\n" + "\n".join(page.lindra_csp_console))
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        try:
            page.screenshot(path=ARTIFACTS / f"failed-{name}.png", full_page=True)
        except Exception as error:  # noqa: BLE001 - a missing screenshot must not hide the failure
            print(f"No screenshot: {error}")
    context.close()


@pytest.fixture
def page(request, browser, live_server):
    """A desktop browser tab (1280x720)."""
    yield from _open_page(request, browser)


@pytest.fixture
def phone_page(request, browser, live_server):
    """A phone-sized touch browser tab (390x844)."""
    yield from _open_page(request, browser, **PHONE_OPTIONS)


@pytest.fixture
def small_phone(request, browser, live_server):
    """A small phone's touch browser tab (375x740)."""
    yield from _open_page(request, browser, **SMALL_PHONE_OPTIONS)


@pytest.fixture(autouse=True)
def _links_to_live_server(settings, live_server):
    # E-mailed links point at SITE_URL: let them point at the server under test.
    settings.SITE_URL = live_server.url


# Accessibility --------------------------------------------------------------------------


def _axe_source() -> str:
    if not _axe_cache:
        _axe_cache.append(AXE.read_text(encoding="utf-8") + "\n;void 0;")
    return _axe_cache[0]


_axe_cache: list[str] = []


def check_accessibility(page: Page) -> None:
    """Runs axe-core on the page and fails on any violation."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated rather than added as a <script>: the page's policy refuses inline scripts.
        page.evaluate(_axe_source())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations = results["violations"]
    if violations:
        lines = [f"axe found {len(violations)} violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}")
        message = "\n".join(lines)
        print(message)
        pytest.fail(message, pytrace=False)


# Data -----------------------------------------------------------------------------------


class Registry:
    """The test data: one network, one local group, a person for each role."""

    def __init__(self):
        today = timezone.localdate()
        started = today - dt.timedelta(days=400)
        self.network = Network.objects.create(
            name="Kompetansenettverk for lindrende behandling i Vestland",
            short_name="KLB Vestland",
            secretariat_email="sekretariat@klb-vestland.example",
        )
        municipality, _ = Municipality.objects.get_or_create(number="4601", defaults={"name": "Bergen"})
        owner = Organisation.objects.create(name="Bergen kommune", kind=Organisation.Kind.MUNICIPALITY)
        self.workplace = Workplace.objects.create(
            name="Løvåsen sykehjem", kind=Workplace.Kind.NURSING_HOME, municipality=municipality, organisation=owner
        )
        home_care = Workplace.objects.create(
            name="Årstad hjemmetjeneste", kind=Workplace.Kind.HOME_CARE, municipality=municipality, organisation=owner
        )
        self.group = LocalGroup.objects.create(network=self.network, name="Bergen sentrum")
        self.group.municipalities.add(municipality)
        self.committee = Committee.objects.create(
            network=self.network, name="Driftsgruppen", kind=Committee.Kind.OPERATIONS
        )

        self.people = {
            "secretariat": self._person("Siri", "Sekretær", "sekretariat@lindra.example"),
            "group_leader": self._person("Gunnar", "Gruppeleder", "gruppeleder@lindra.example"),
            "host": self._person("Aina", "Arrangør", "arrangor@lindra.example"),
            "member": self._person("Mona", "Medlem", "medlem@lindra.example"),
            "nearest_leader": self._person("Lars", "Leder", "leder@lindra.example", profession=""),
            "committee_member": self._person("Ulla", "Utvalgsmedlem", "utvalg@lindra.example"),
        }
        leader = self.people["nearest_leader"]
        memberships = [
            Membership.objects.create(
                person=self.people[role],
                network=self.network,
                local_group=self.group,
                workplace=workplace,
                nearest_leader=leader,
                starts_on=started,
                intro_course_completed_on=started + dt.timedelta(days=30),
            )
            for role, workplace in [("group_leader", home_care), ("host", self.workplace), ("member", self.workplace)]
        ]
        # A member's placement on any date is read from their history: start it, as an import does.
        record_joined(memberships)
        Term.objects.create(
            person=self.people["secretariat"], kind=Term.Kind.SECRETARIAT, network=self.network, starts_on=started
        )
        # The secretariat signs in with a code from an app as well: its app is set up.
        TOTPDevice.objects.create(user=self.people["secretariat"].user, name="app", confirmed=True)
        Term.objects.create(
            person=self.people["group_leader"],
            kind=Term.Kind.GROUP_LEADER,
            network=self.network,
            local_group=self.group,
            starts_on=started,
        )
        Term.objects.create(
            person=self.people["committee_member"],
            kind=Term.Kind.COMMITTEE_MEMBER,
            network=self.network,
            committee=self.committee,
            starts_on=started,
        )
        starts = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=20), dt.time(12, 0)))
        self.meeting = Meeting.objects.create(
            network=self.network,
            local_group=self.group,
            title="Gruppemøte om smertelindring",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3),
            place="Løvåsen sykehjem, møterom 2",
            host=self.people["host"],
            host_workplace=self.workplace,
        )
        Meeting.objects.create(
            network=self.network,
            committee=self.committee,
            kind=Meeting.Kind.COMMITTEE,
            title="Møte i driftsgruppen",
            starts_at=starts + dt.timedelta(days=7),
            ends_at=starts + dt.timedelta(days=7, hours=2),
        )

    def fagdag(self, *, days_ahead: int, place: str) -> Meeting:
        """The network's fagdag, held by the committee, from nine to three that day."""
        starts = timezone.make_aware(
            dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days_ahead), dt.time(9))
        )
        return Meeting.objects.create(
            network=self.network,
            committee=self.committee,
            kind=Meeting.Kind.FAGDAG,
            title="Fagdag om lindrende behandling",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=6),
            place=place,
        )

    def _person(self, given, family, email, profession=Profession.NURSE):
        user = User.objects.create(email=email, password=_password_hash())
        return Person.objects.create(
            given_name=given, family_name=family, email=email, profession=profession, phone="55 00 00 00", user=user
        )

    def email(self, role: str) -> str:
        return self.people[role].email


_hash_cache: dict[str, str] = {}


def _password_hash() -> str:
    # Argon2 is slow by design: hash the shared test password once per run.
    if PASSWORD not in _hash_cache:
        _hash_cache[PASSWORD] = make_password(PASSWORD)
    return _hash_cache[PASSWORD]


@pytest.fixture
def registry(transactional_db):
    return Registry()


# Helpers --------------------------------------------------------------------------------


def sign_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Signs in with the password form (and the code from the app, for those who have one)
    and waits for the home page."""
    page.goto(f"{base_url}/konto/logg-inn/")
    form = page.get_by_role("region", name="Eller logg inn med passord")
    form.get_by_label("E-postadresse").fill(email)
    form.get_by_label("Passord").fill(password)
    form.get_by_role("button", name="Logg inn").click()
    device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
    if device is not None:
        expect(page).to_have_url(re.compile(r"/konto/tofaktor/\?next="))
        give_app_code(page, device)
    expect(page).to_have_url(f"{base_url}/")


def app_code(device: TOTPDevice) -> str:
    """The code the app shows now; or, when this one was taken already (a second sign-in
    within the same 30 seconds), the next one, which is also taken, or else after a wait."""
    device.refresh_from_db()
    step = int(time.time()) // device.step
    wanted = max(step, device.last_t + 1)
    if wanted > step + device.tolerance:
        time.sleep((wanted - device.tolerance) * device.step - time.time() + 0.1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = wanted * device.step
    return f"{totp.token():06d}"


def give_app_code(page: Page, device: TOTPDevice) -> None:
    page.get_by_label("Kode", exact=True).fill(app_code(device))
    page.get_by_role("button", name="Logg inn").click()
