"""Two-factor sign-in: the secretariat and the system administrator give a code from an app
(or a recovery code) from their next sign-in on; everyone else may turn it on. Codes are
computed here as the app would (RFC 6238, 30-second steps, six digits)."""

import datetime as dt
import hashlib
import hmac
import re
import struct
import time
from base64 import b32decode
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindra.accounts import two_factor
from lindra.core.models import AuditAction, AuditEvent
from tests import factories as f

SIGN_IN = reverse("accounts:sign_in")
HOME = reverse("home:home")
CODE_PAGE = reverse("accounts:two_factor")
SETUP = reverse("accounts:two_factor_setup")
QR = reverse("accounts:two_factor_qr")
CODES = reverse("accounts:two_factor_recovery_codes")
ACCOUNT = reverse("accounts:account")
OFF = reverse("accounts:two_factor_off")
IP = "203.0.113.7"
WRONG = "Koden stemmer ikke. Prøv igjen med koden appen viser nå."
TOO_MANY = "For mange feil koder. Vent 15 minutter før du prøver igjen."


def rfc6238(key: bytes, at: float, *, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows at the Unix time `at` (RFC 6238 over RFC 4226)."""
    mac = hmac.new(key, struct.pack(">Q", int(at // step)), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


def code_for(device: TOTPDevice, at: float | None = None) -> str:
    return rfc6238(device.bin_key, time.time() if at is None else at)


def add_app(user, name: str = "app") -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def sign_in(client: Client, user, ip: str = IP):
    return client.post(SIGN_IN, {"email": user.email, "password": f.PASSWORD}, REMOTE_ADDR=ip)


def give_code(client: Client, code: str, ip: str = IP, next: str = ""):
    return client.post(CODE_PAGE, {"code": code, "next": next}, REMOTE_ADDR=ip)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def field_error(response) -> str:
    match = re.search(r'id="id_code_error">([^<]*)<', response.text)
    assert match, "no error on the code field"
    return match.group(1)


def where(response) -> str:
    assert response.status_code == 302, response.status_code
    return urlsplit(response["Location"]).path


# Required for the secretariat and the administrator, from their next sign-in --------------


@pytest.mark.parametrize("role", ["secretariat", "superuser"])
def test_the_secretariat_and_the_administrator_set_up_an_app_at_their_next_sign_in(world, role):
    user = world.user(role)
    client = Client()
    assert where(sign_in(client, user)) == HOME
    first_key = client.session.session_key
    response = client.get(HOME)
    assert response["Location"] == f"{SETUP}?next=/"
    page = client.get(SETUP + "?next=/")
    assert page.status_code == 200
    assert "Med din rolle i Lindra logger du inn med en kode fra en app" in page.text
    qr = client.get(QR)
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<svg")
    assert b"style=" not in qr.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key = re.search(r'<code class="secret-key">([A-Z2-7 ]+)</code>', page.text).group(1)
    assert b32decode(key.replace(" ", "")) == device.bin_key  # the key to type in works too

    response = client.post(SETUP, {"code": rfc6238(b32decode(key.replace(" ", "")), time.time()), "next": "/"})
    assert response["Location"] == f"{CODES}?next=%2F"
    codes_page = client.get(CODES)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    download = client.get(reverse("accounts:two_factor_recovery_codes_download"))
    assert download["Content-Disposition"].startswith("attachment")
    assert all(code in download.text for code in codes)
    assert where(client.post(CODES, {"next": "/"})) == HOME
    assert client.get(CODES)["Location"] == ACCOUNT  # shown once
    assert client.get(HOME).status_code == 200
    assert client.session.session_key != first_key
    assert [e.changes for e in events(AuditAction.SIGN_IN)] == [
        {"method": "password", "two_factor": "setup"},
        {"method": "password", "two_factor": "new_app"},
    ]
    [enabled] = events(AuditAction.TWO_FACTOR_ENABLED)
    assert enabled.actor == user and enabled.changes == {"replaced": False}


def test_a_session_signed_in_before_is_kept(world, client_as):
    client = client_as("secretariat")  # signed in before two factors were required
    assert client.get(HOME).status_code == 200
    account = client.get(ACCOUNT)
    assert "Med din rolle må du bruke tofaktorinnlogging. Du setter den opp neste gang du logger inn" in account.text


def test_while_waiting_every_other_page_leads_to_the_code_step(world, settings):
    settings.DEMO_MAILBOX = True
    client = Client()
    sign_in(client, world.user("secretariat"))
    for path in [HOME, ACCOUNT, "/admin/", reverse("accounts:password_change"), reverse("home:audit_log")]:
        assert client.get(path)["Location"].startswith(f"{SETUP}?next="), path
    assert client.get(reverse("mail:mailbox")).status_code == 200
    assert client.get(CODE_PAGE)["Location"].startswith(SETUP)
    assert where(client.post(reverse("accounts:sign_out"))) == SIGN_IN
    assert client.get(HOME)["Location"].startswith(SIGN_IN)


def test_a_member_signs_in_without_a_code(world):
    client = Client()
    assert where(sign_in(client, world.user("member"))) == HOME
    assert client.get(HOME).status_code == 200
    assert events(AuditAction.SIGN_IN)[0].changes == {"method": "password"}


def test_a_sign_in_link_also_asks_for_the_code(world, outbox, transactional_db):
    user = world.user("secretariat")
    device = add_app(user)
    client = Client()
    client.post(SIGN_IN, {"lenke-email": user.email})
    [mail] = outbox.messages
    link = urlsplit(re.search(r"https?://\S+", mail.text).group()).path
    client.post(link)
    assert client.get(HOME)["Location"] == f"{CODE_PAGE}?next=/"
    assert where(give_code(client, code_for(device))) == HOME
    assert events(AuditAction.SIGN_IN)[-1].changes == {"method": "link", "two_factor": "totp"}


# The code step ---------------------------------------------------------------------------


def test_a_right_code_signs_in_with_a_new_session_key(world):
    user = world.user("secretariat")
    device = add_app(user)
    client = Client()
    sign_in(client, user)
    key = client.session.session_key
    page = client.get(CODE_PAGE)
    assert "Kode fra appen" in page.text
    assert where(give_code(client, code_for(device), next="/konto/")) == ACCOUNT
    assert client.session.session_key != key
    assert client.get(HOME).status_code == 200
    assert [e.changes for e in events(AuditAction.SIGN_IN)] == [
        {"method": "password", "two_factor": "verify"},
        {"method": "password", "two_factor": "totp"},
    ]


def test_a_code_from_two_minutes_ago_is_refused(world):
    user = world.user("secretariat")
    device = add_app(user)
    client = Client()
    sign_in(client, user)
    response = give_code(client, code_for(device, time.time() - 120))
    assert response.status_code == 400
    assert field_error(response) == WRONG
    assert client.get(HOME)["Location"].startswith(CODE_PAGE)
    [failed] = events(AuditAction.TWO_FACTOR_FAILED)
    assert (failed.actor, failed.target, failed.ip) == (user, user.email, IP)


def test_a_code_is_taken_once(world):
    user = world.user("secretariat")
    device = add_app(user)
    with time_machine.travel(timezone.now(), tick=False):
        first, second = Client(), Client()
        sign_in(first, user)
        sign_in(second, user)
        code = code_for(device)
        assert where(give_code(first, code)) == HOME
        assert give_code(second, code).status_code == 400


def test_the_app_a_minute_later_still_works_after_time_travel(world):
    user = world.user("secretariat")
    device = add_app(user)
    client = Client()
    sign_in(client, user)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1)):
        assert where(give_code(client, code_for(device))) == HOME


def test_a_recovery_code_works_once(world):
    user = world.user("secretariat")
    add_app(user)
    client = Client()
    client.force_login(user)
    client.post(reverse("accounts:two_factor_renew_codes"))
    code = client.session[two_factor.RECOVERY_CODES][0]
    client.post(reverse("accounts:sign_out"))

    sign_in(client, user)
    response = give_code(client, code.upper()[:4] + " " + code.upper()[4:])
    assert where(response) == HOME
    assert "Du brukte en gjenopprettingskode. Du har 9 igjen" in client.get(HOME).text
    assert events(AuditAction.SIGN_IN)[-1].changes == {"method": "password", "two_factor": "recovery"}
    client.post(reverse("accounts:sign_out"))

    sign_in(client, user)
    response = give_code(client, code)
    assert response.status_code == 400 and field_error(response) == WRONG
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_wrong_codes_are_limited_and_logged_like_passwords(world):
    user = world.user("secretariat")
    device = add_app(user)
    client = Client()
    sign_in(client, user)
    for _try in range(5):
        assert field_error(give_code(client, "000000")) == WRONG
    assert len(events(AuditAction.TWO_FACTOR_FAILED)) == 5
    response = give_code(client, code_for(device))
    assert response.status_code == 400
    assert field_error(response) == TOO_MANY
    [blocked] = events(AuditAction.SIGN_IN_BLOCKED)
    assert blocked.changes == {"method": "two_factor"}
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert "Vent 10 minutter" in field_error(give_code(client, code_for(device)))
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=15, seconds=1)):
        assert where(give_code(client, code_for(device))) == HOME


def test_wrong_codes_from_another_session_count_too(world):
    user = world.user("secretariat")
    device = add_app(user)
    for _try in range(5):
        other = Client()
        sign_in(other, user, ip=f"198.51.100.{_try}")
        give_code(other, "999999", ip=f"198.51.100.{_try}")
    client = Client()
    sign_in(client, user)
    assert field_error(give_code(client, code_for(device))) == TOO_MANY


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Skriv koden fra appen."),
        ("12ab", "Skriv de seks sifrene fra appen, eller en gjenopprettingskode på åtte tegn."),
        ("1234567", "Skriv de seks sifrene fra appen, eller en gjenopprettingskode på åtte tegn."),
    ],
)
def test_a_code_of_the_wrong_shape_keeps_the_form_with_the_error_on_the_field(world, typed, message):
    user = world.user("secretariat")
    add_app(user)
    client = Client()
    sign_in(client, user)
    response = give_code(client, typed)
    assert response.status_code == 400
    assert field_error(response) == message
    assert f'value="{typed}"' in response.text or not typed
    assert not events(AuditAction.TWO_FACTOR_FAILED)  # not a try at a code


def test_setting_up_cannot_be_used_to_get_around_the_code(world):
    user = world.user("secretariat")
    add_app(user)
    client = Client()
    sign_in(client, user)
    assert client.get(SETUP)["Location"].startswith(CODE_PAGE)
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(CODE_PAGE)
    assert client.get(QR).status_code == 404
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_wrong_setup_code_keeps_the_form_and_is_logged(world):
    client = Client()
    user = world.user("secretariat")
    sign_in(client, user)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "12 34"})
    assert response.status_code == 400
    assert field_error(response) == "Koden har seks sifre, for eksempel 123 456."
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_for(device)) + 1) % 10**6:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert field_error(response) == "Koden stemmer ikke. Skriv de seks sifrene appen viser nå."
    assert events(AuditAction.TWO_FACTOR_FAILED)[0].changes == {"purpose": "setup"}
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_the_code_page_without_a_waiting_sign_in_goes_home(world, client_as):
    assert client_as("member").get(CODE_PAGE)["Location"] == HOME


# The demo ---------------------------------------------------------------------------------


def test_the_demo_code_page_shows_the_current_code_of_a_demo_account_only(world, settings):
    user = world.user("secretariat")
    device = add_app(user, name=two_factor.DEMO_DEVICE_NAME)
    client = Client()
    sign_in(client, user)
    settings.DEMO_MAILBOX = True
    with time_machine.travel(timezone.now(), tick=False):
        code = code_for(device)
        assert f"Demo: koden nå er {code[:3]} {code[3:]}" in client.get(CODE_PAGE).text
    settings.DEMO_MAILBOX = False
    assert "Demo: koden" not in client.get(CODE_PAGE).text
    settings.DEMO_MAILBOX = True
    device.name = "app"
    device.save()
    assert "Demo: koden" not in client.get(CODE_PAGE).text


# Optional for everyone else ---------------------------------------------------------------


def test_a_member_turns_it_on_and_then_off_with_a_current_code(world, client_as):
    member = world.user("member")
    client = client_as("member")
    account = client.get(ACCOUNT)
    assert "Slå på tofaktorinnlogging" in account.text
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=member)
    assert where(client.post(SETUP, {"code": code_for(device)})) == CODES
    assert "10 gjenopprettingskoder igjen" in client.get(ACCOUNT).text
    client.post(reverse("accounts:sign_out"))

    sign_in(client, member)
    assert client.get(HOME)["Location"].startswith(CODE_PAGE)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=30)):
        give_code(client, code_for(device))
        assert "Slå av tofaktorinnlogging" in client.get(ACCOUNT).text
        response = client.post(OFF, {"code": "000000"})
        assert response.status_code == 400 and field_error(response) == WRONG
        assert where(client.post(OFF, {"code": code_for(device, time.time() + 30)})) == ACCOUNT
    assert not TOTPDevice.objects.filter(user=member).exists()
    [off] = events(AuditAction.TWO_FACTOR_DISABLED)
    assert off.actor == member
    client.post(reverse("accounts:sign_out"))
    assert where(sign_in(client, member)) == HOME
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("role", ["secretariat", "superuser"])
def test_the_secretariat_and_the_administrator_cannot_turn_it_off_only_replace_it(world, client_as, role):
    user = world.user(role)
    old = add_app(user)
    client = client_as(role)
    account = client.get(ACCOUNT)
    assert "Bytt app" in account.text and "Slå av tofaktorinnlogging" not in account.text
    assert client.get(OFF).status_code == 403
    assert client.post(OFF, {"code": code_for(old)}).status_code == 403
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    assert where(client.post(SETUP, {"code": code_for(new)})) == CODES
    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert events(AuditAction.TWO_FACTOR_ENABLED)[-1].changes == {"replaced": True}


def test_new_recovery_codes_replace_the_old_ones(world, client_as):
    user = world.user("member")
    add_app(user)
    client = client_as("member")
    client.post(reverse("accounts:two_factor_renew_codes"))
    old = set(client.session[two_factor.RECOVERY_CODES])
    assert where(client.post(reverse("accounts:two_factor_renew_codes"))) == CODES
    new = set(client.session[two_factor.RECOVERY_CODES])
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == new
    assert not old & new


def test_new_recovery_codes_need_two_factor_on(world, client_as):
    client = client_as("member")
    response = client.post(reverse("accounts:two_factor_renew_codes"), follow=True)
    assert "Slå på tofaktorinnlogging først." in response.text


# An administrator resets a lost app -------------------------------------------------------


def test_the_reset_command_removes_a_lost_app_and_the_next_sign_in_sets_up_a_new_one(world):
    user = world.user("secretariat")
    add_app(user)
    out = StringIO()
    call_command("reset_two_factor", user.email.upper(), stdout=out)
    assert "er nullstilt" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert events(AuditAction.TWO_FACTOR_DISABLED)[0].changes == {"reset": True}
    client = Client()
    sign_in(client, user)
    assert client.get(HOME)["Location"].startswith(SETUP)


def test_the_admin_resets_a_lost_app(world, client_as):
    user = world.user("member")
    add_app(user)
    admin = client_as("superuser")
    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [user.pk]},
        follow=True,
    )
    assert "Tofaktorinnloggingen er nullstilt for 1 brukere" in response.text
    assert not TOTPDevice.objects.filter(user=user).exists()
    [reset] = events(AuditAction.TWO_FACTOR_DISABLED)
    assert reset.actor == world.user("superuser")


def test_the_admin_does_not_show_anyones_secret_key(world, client_as):
    admin = client_as("superuser")
    assert admin.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_the_administrations_own_sign_in_page_leads_to_lindras(world):
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == f"{SIGN_IN}?next=/admin/"
    admin = world.user("superuser")
    client.post("/admin/login/", {"username": admin.email, "password": f.PASSWORD})
    assert client.get(HOME)["Location"].startswith(SIGN_IN)  # the POST signed no one in
    assert client.get("/admin/", follow=True).redirect_chain[-1][0] == f"{SIGN_IN}?next=/admin/"
