"""Two-factor sign-in: a six-digit code from an app (TOTP) and ten recovery codes that work
once each, kept by django-otp. Every way in ends in finish_sign_in, which calls begin():
from then on the session waits for the second factor (or for one to be set up) until a
right code is given. A session without the mark is fully signed in, as every session was
before two-factor sign-in came: the requirement applies from the next sign-in.

Each function does one action, writes its audit entry, and raises TwoFactorError with a
message for the user when it cannot be done."""

import datetime as dt
import re
import time
from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindra.accounts import rules
from lindra.core.audit import client_ip, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction, AuditEvent

# What the session waits for, under WAITING: a code, or a device to be set up first.
WAITING = "lindra_two_factor"
VERIFY = "verify"
SETUP = "setup"
METHOD = "lindra_sign_in_method"  # how the first factor was given, for the audit entry
RECOVERY_CODES = "lindra_recovery_codes"  # new codes, shown once on their page

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "app"
RECOVERY_DEVICE_NAME = "gjenopprettingskoder"
# The demo's accounts have a device of this name; only while the demo mailbox is on does the
# code page show its current code (lindra.demo.data).
DEMO_DEVICE_NAME = "demo"

_APP_CODE = re.compile(r"^\d{6}$")
_RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


class TwoFactorError(DomainError):
    """A code or a change that is refused; str() is the message for the user."""


# Who has what ----------------------------------------------------------------------------


def is_required(user) -> bool:
    """Whether the user must use a second factor (the function in TWO_FACTOR_REQUIRED says)."""
    return bool(import_string(settings.TWO_FACTOR_REQUIRED)(user))


def app_device(user) -> TOTPDevice | None:
    """The user's confirmed app, if two-factor sign-in is on."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def waiting_for(request) -> str | None:
    """VERIFY or SETUP while the session waits for the second factor, else None."""
    return request.session.get(WAITING)


def readable_key(device: TOTPDevice) -> str:
    """The key to type into an app, in groups of four letters and digits."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def code_now(device: TOTPDevice) -> str:
    """The code the device's app shows now, or the next one when this one was used (for the
    demo page only: a code is taken once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = max(time.time(), device.t0 + (device.last_t + 1) * device.step)
    return f"{totp.token():0{device.digits}d}"


def demo_code(device: TOTPDevice | None) -> str:
    """The current code of a demo account's app ("123 456"), while the demo mailbox is on."""
    if settings.DEMO_MAILBOX and device is not None and device.name == DEMO_DEVICE_NAME:
        return spaced(code_now(device))
    return ""


def spaced(code: str) -> str:
    return f"{code[:3]} {code[3:]}"


# Signing in -------------------------------------------------------------------------------


def begin(request, user, *, method: str) -> str | None:
    """Called by finish_sign_in right after login(): marks the session as waiting for a code
    when the user has an app, or for setting one up when it is required. Returns the mark."""
    if app_device(user) is not None:
        waiting = VERIFY
    elif is_required(user):
        waiting = SETUP
    else:
        return None
    request.session[WAITING] = waiting
    request.session[METHOD] = method
    return waiting


def verify(request, code: str) -> str:
    """Takes the code of a waiting session: a code from the app, or a recovery code (used
    up). On success the session gets a new key and is fully signed in. Returns "totp" or
    "recovery"."""
    user = request.user
    _refuse_while_blocked(request, user)
    kind, matched = _match(user, code)
    if matched is None:
        _failed(request, user, purpose="sign_in")
        raise TwoFactorError(_("Koden stemmer ikke. Prøv igjen med koden appen viser nå."))
    _passed(request, user, device=matched, two_factor=kind)
    return kind


def _match(user, code: str):
    """The kind of code and the device that took it, or (kind, None)."""
    code = normalise_code(code)
    with transaction.atomic():
        if _APP_CODE.match(code):
            for device in TOTPDevice.objects.filter(user=user, confirmed=True).select_for_update():
                if device.verify_token(code):
                    return "totp", device
            return "totp", None
        for device in StaticDevice.objects.filter(user=user, confirmed=True).select_for_update():
            if device.verify_token(code):  # deletes the code: it works once
                return "recovery", device
    return "recovery", None


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def is_code_shaped(code: str) -> bool:
    code = normalise_code(code)
    return bool(_APP_CODE.match(code) or _RECOVERY_CODE.match(code))


def _passed(request, user, *, device, two_factor: str) -> None:
    method = request.session.get(METHOD, "")
    request.session.cycle_key()
    request.session.pop(WAITING, None)
    request.session.pop(METHOD, None)
    otp_login(request, device)
    record(
        AuditAction.SIGN_IN,
        request=request,
        actor=user,
        target=user.email,
        changes={"method": method, "two_factor": two_factor},
    )


def _wait(request, user) -> dt.timedelta:
    """How long until another code is taken: wrong codes are limited like passwords, per
    account and per address, within the same window."""
    window = dt.timedelta(minutes=settings.SIGN_IN_FAILURE_WINDOW_MINUTES)
    now = timezone.now()
    failures = AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_FAILED, at__gte=now - window)
    for_account = list(failures.filter(target=user.email).values_list("at", flat=True))
    ip = client_ip(request)
    for_address = list(failures.filter(ip=ip).values_list("at", flat=True)) if ip else []
    return max(
        rules.wait_before_next_try(
            for_account, limit=settings.SIGN_IN_MAX_FAILURES_PER_ACCOUNT, window=window, now=now
        ),
        rules.wait_before_next_try(
            for_address, limit=settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS, window=window, now=now
        ),
    )


def _refuse_while_blocked(request, user) -> None:
    wait = _wait(request, user)
    if wait:
        record(
            AuditAction.SIGN_IN_BLOCKED,
            request=request,
            actor=user,
            target=user.email,
            changes={"method": "two_factor"},
        )
        minutes = rules.minutes_to_wait(wait)
        raise TwoFactorError(
            ngettext(
                "For mange feil koder. Vent %(minutes)s minutt før du prøver igjen.",
                "For mange feil koder. Vent %(minutes)s minutter før du prøver igjen.",
                minutes,
            )
            % {"minutes": minutes}
        )


def _failed(request, user, *, purpose: str) -> None:
    record(
        AuditAction.TWO_FACTOR_FAILED,
        request=request,
        actor=user,
        target=user.email,
        changes={"purpose": purpose},
    )


# Setting up, replacing, turning off -------------------------------------------------------


def device_being_set_up(user, *, create: bool = False) -> TOTPDevice | None:
    """The app being set up (unconfirmed), with a new random key; made when asked for."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None and create:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def confirm_setup(request, code: str) -> list[str]:
    """Confirms the app being set up with a code it shows, replacing any earlier app and
    recovery codes. Returns the new recovery codes (also kept in the session to be shown
    once). A session waiting for setup is then fully signed in."""
    user = request.user
    _refuse_while_blocked(request, user)
    device = device_being_set_up(user)
    if device is None:
        raise TwoFactorError(_("Start oppsettet på nytt: åpne siden for å sette opp tofaktorinnlogging."))
    if not _APP_CODE.match(normalise_code(code)) or not device.verify_token(normalise_code(code)):
        _failed(request, user, purpose="setup")
        raise TwoFactorError(_("Koden stemmer ikke. Skriv de seks sifrene appen viser nå."))
    replaced = app_device(user) is not None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        record(
            AuditAction.TWO_FACTOR_ENABLED,
            request=request,
            actor=user,
            target=user.email,
            changes={"replaced": replaced},
        )
    if waiting_for(request) == SETUP:
        _passed(request, user, device=device, two_factor="new_app")
    request.session[RECOVERY_CODES] = codes
    return codes


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _number in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def renew_recovery_codes(request) -> list[str]:
    """Ten new recovery codes in place of the old ones (which stop working)."""
    user = request.user
    if app_device(user) is None:
        raise TwoFactorError(_("Slå på tofaktorinnlogging først."))
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record(
            AuditAction.TWO_FACTOR_ENABLED,
            request=request,
            actor=user,
            target=user.email,
            changes={"new_recovery_codes": True},
        )
    request.session[RECOVERY_CODES] = codes
    return codes


def turn_off(request, code: str) -> None:
    """Turns two-factor sign-in off, with a current code (or a recovery code) as proof.
    Those who must use it can only replace their app."""
    user = request.user
    if is_required(user):
        raise TwoFactorError(_("Du må bruke tofaktorinnlogging. Du kan bytte app, men ikke slå den av."))
    if app_device(user) is None:
        raise TwoFactorError(_("Tofaktorinnlogging er ikke slått på."))
    _refuse_while_blocked(request, user)
    _kind, matched = _match(user, code)
    if matched is None:
        _failed(request, user, purpose="turn_off")
        raise TwoFactorError(_("Koden stemmer ikke. Prøv igjen med koden appen viser nå."))
    with transaction.atomic():
        delete_devices(user)
        record(AuditAction.TWO_FACTOR_DISABLED, request=request, actor=user, target=user.email)


def reset(user, *, by=None, request=None) -> bool:
    """For an administrator, when someone has lost their app and their recovery codes: the
    devices are removed. Whoever must use two factors sets up a new app at the next sign-in.
    Returns whether there was anything to remove."""
    with transaction.atomic():
        removed = delete_devices(user)
        if removed:
            record(
                AuditAction.TWO_FACTOR_DISABLED,
                request=request,
                actor=by,
                target=user.email,
                changes={"reset": True},
            )
    return bool(removed)


def delete_devices(user) -> int:
    """Removes the user's app and recovery codes; returns how many there were."""
    apps = TOTPDevice.objects.filter(user=user).delete()[0]
    return apps + StaticDevice.objects.filter(user=user).delete()[0]
