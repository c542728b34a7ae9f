"""Signing in and out. Each function does one action, writes its audit entry, and raises
SignInError with a message for the user when it cannot be done."""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindra.accounts import rules, two_factor
from lindra.accounts.models import SignInLink, User, hash_token
from lindra.core.audit import client_ip, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction, AuditEvent
from lindra.mail.services import queue_message

# When the session began: a session ends SESSION_MAX_HOURS after it, however active.
SIGNED_IN_AT = "lindra_signed_in_at"


class SignInError(DomainError):
    """A sign-in that cannot be done; str() is the message for the user."""


def _limits() -> rules.SignInLimits:
    return rules.SignInLimits(
        window=dt.timedelta(minutes=settings.SIGN_IN_FAILURE_WINDOW_MINUTES),
        per_account=settings.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
        per_address=settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def sign_in_with_password(request, email: str, password: str) -> User:
    email = normalise_email(email)
    ip = client_ip(request)
    limits = _limits()
    since = timezone.now() - limits.window
    failures = AuditEvent.objects.recent_failures(since=since)
    if rules.is_blocked(
        failures_for_account=failures.filter(target=email).count(),
        failures_for_address=failures.filter(ip=ip).count() if ip else 0,
        limits=limits,
    ):
        record(AuditAction.SIGN_IN_BLOCKED, request=request, target=email)
        raise SignInError(
            ngettext(
                "For mange mislykkede forsøk. Vent %(minutes)s minutt, eller be om en innloggingslenke på e-post.",
                "For mange mislykkede forsøk. Vent %(minutes)s minutter, eller be om en innloggingslenke på e-post.",
                settings.SIGN_IN_FAILURE_WINDOW_MINUTES,
            )
            % {"minutes": settings.SIGN_IN_FAILURE_WINDOW_MINUTES}
        )
    user = authenticate(request, username=email, password=password)
    if user is None:
        record(AuditAction.SIGN_IN_FAILED, request=request, target=email, changes={"method": "password"})
        raise SignInError(_("Feil e-postadresse eller passord."))
    finish_sign_in(request, user, method="password")
    return user


def finish_sign_in(request, user: User, *, method: str) -> None:
    """The last step of every way in (password, e-mailed link, OpenID Connect): the session
    starts (with a new key) and the sign-in is logged with how it was done. Whoever has an app
    for two-factor sign-in, or must have one, then gives its code (or sets it up) before
    anything else: the session waits for it (lindra.accounts.two_factor)."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SIGNED_IN_AT] = timezone.now().timestamp()
    waiting = two_factor.begin(request, user, method=method)
    changes = {"method": method, "two_factor": waiting} if waiting else {"method": method}
    record(AuditAction.SIGN_IN, request=request, actor=user, target=user.email, changes=changes)


def send_sign_in_link(request, email: str) -> None:
    """E-mails a one-time sign-in link if the address belongs to an active user.

    Says nothing about whether it does: the caller shows the same page either way.
    """
    email = normalise_email(email)
    user = account_for_email(email)
    if user is None:
        record(AuditAction.SIGN_IN_FAILED, request=request, target=email, changes={"method": "link", "unknown": True})
        return
    limits = _limits()
    now = timezone.now()
    recent = SignInLink.objects.filter(user=user, created_at__gte=now - limits.window).count()
    if recent >= limits.per_account:
        record(AuditAction.SIGN_IN_BLOCKED, request=request, actor=user, target=email, changes={"method": "link"})
        return
    token = secrets.token_urlsafe(32)
    minutes = settings.SIGN_IN_LINK_MINUTES
    with transaction.atomic():
        SignInLink.objects.create(
            user=user, token_hash=hash_token(token), created_at=now, expires_at=now + dt.timedelta(minutes=minutes)
        )
        queue_message(
            "sign_in_link",
            to=[user.email],
            context={
                "user": user,
                "url": settings.SITE_URL + reverse("accounts:sign_in_link", args=[token]),
                "minutes": minutes,
            },
        )
        record(AuditAction.SIGN_IN_LINK_SENT, request=request, actor=user, target=email)


def account_for_email(email: str) -> User | None:
    """The active account of a normalised address, or a new one for a person in the registry."""
    return User.objects.filter(email=email, is_active=True).first() or _account_for_registered_person(email)


def refuse_sign_in(request, *, method: str, reason: str, target: str = "", **details: str) -> None:
    """Logs a sign-in that was not let in, and why (never a token)."""
    record(
        AuditAction.SIGN_IN_REFUSED,
        request=request,
        target=target,
        changes={"method": method, "reason": reason, **details},
    )


def _account_for_registered_person(email: str) -> User | None:
    """Everyone in the registry may sign in with their address: the first sign-in link
    creates their account. Who is in the registry is for the app above to say: the setting
    ACCOUNT_FOR_NEW_ADDRESS names the function that makes the account, or returns None."""
    if User.objects.filter(email=email).exists():
        return None  # a deactivated account stays deactivated
    return import_string(settings.ACCOUNT_FOR_NEW_ADDRESS)(email)


def may_send_password_reset(request, email: str) -> bool:
    """Logs a request for a password reset e-mail, and says whether to send it: at most
    per_account a window for one address, so the form cannot flood someone's inbox."""
    email = normalise_email(email)
    limits = _limits()
    recent = AuditEvent.objects.filter(
        action=AuditAction.PASSWORD_RESET_REQUESTED, target=email, at__gte=timezone.now() - limits.window
    ).count()
    if recent >= limits.per_account:
        record(AuditAction.SIGN_IN_BLOCKED, request=request, target=email, changes={"method": "password_reset"})
        return False
    record(AuditAction.PASSWORD_RESET_REQUESTED, request=request, target=email)
    return True


def find_usable_link(token: str) -> SignInLink | None:
    return SignInLink.objects.usable().select_related("user").filter(token_hash=hash_token(token)).first()


def sign_in_with_link(request, token: str) -> User:
    now = timezone.now()
    # Also a used or expired link: the refusal is logged against the account it was for.
    link = SignInLink.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    # The conditional update makes the link single-use even when two requests race.
    if link is None or not SignInLink.objects.usable(now).filter(pk=link.pk).update(used_at=now):
        record(
            AuditAction.SIGN_IN_FAILED,
            request=request,
            target=link.user.email if link else "",
            changes={"method": "link"},
        )
        raise SignInError(_("Lenken er allerede brukt eller har gått ut. Be om en ny lenke."))
    user = link.user
    if not user.is_active:
        record(
            AuditAction.SIGN_IN_FAILED, request=request, target=user.email, changes={"method": "link", "inactive": True}
        )
        raise SignInError(_("Kontoen er deaktivert. Kontakt sekretariatet."))
    finish_sign_in(request, user, method="link")
    return user


def sign_out(request) -> None:
    if request.user.is_authenticated:
        record(AuditAction.SIGN_OUT, request=request, target=request.user.email)
    logout(request)


def end_expired_session(request, *, hours: int) -> None:
    """Signs out a session that has lasted longer than its absolute lifetime, and logs why."""
    record(
        AuditAction.SIGN_OUT, request=request, target=request.user.email, changes={"reason": "max_age", "hours": hours}
    )
    logout(request)


def change_password(request, form) -> None:
    """Saves a validated password form (change or reset) and keeps the session."""
    user = form.save()
    if request.user.is_authenticated:
        update_session_auth_hash(request, user)
    record(AuditAction.PASSWORD_CHANGED, request=request, actor=user, obj=user, target=user.email)


def delete_expired_sign_in_links(now=None) -> int:
    """Removes links that can no longer be used (a periodic job)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=1)
    return SignInLink.objects.filter(expires_at__lt=cutoff).delete()[0]
