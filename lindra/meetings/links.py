"""Signed links in e-mails: a participant answers (registers, gives notice of absence, confirms
having read the invitation) with one press of a button, without signing in. A link names one
registration and one action, and cannot be altered to act for anyone else. What a valid link
may still do depends on the meeting (registrations.answer_window): it is never refused as
damaged because the meeting is over."""

from django.conf import settings
from django.urls import reverse

from lindra.core import signed_links
from lindra.meetings.models import Registration

SALT = "lindra.meetings.registration-link"
ACTIONS = ("register", "absent", "read")


def token_for(registration: Registration, action: str) -> str:
    assert action in ACTIONS
    return signed_links.sign({"r": registration.pk, "a": action}, salt=SALT)


def link_for(registration: Registration, action: str) -> str:
    return settings.SITE_URL + reverse("meetings:answer", args=[token_for(registration, action)])


def registration_for_token(token: str) -> tuple[Registration, str] | None:
    """The registration and action a token names, or None when it is forged, damaged or names
    nothing that exists."""
    data = signed_links.unsign(token, salt=SALT)
    if data is None or data.get("a") not in ACTIONS:
        return None
    registration = (
        Registration.objects.select_related(
            "meeting__network",
            "meeting__local_group",
            "meeting__committee",
            "meeting__host",
            "meeting__host_workplace",
            "person",
        )
        .filter(pk=data.get("r"))
        .first()
    )
    if registration is None:
        return None
    return registration, data["a"]
