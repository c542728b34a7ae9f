"""Signed links in e-mails: a participant answers (registers, gives notice of absence, confirms
having read the invitation) with one click, without signing in. A link names one
registration and one action, cannot be altered to act for anyone else, and stops working
when the meeting is over."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from lindra.meetings.models import Registration

SALT = "lindra.meetings.registration-link"
ACTIONS = ("register", "absent", "read")


def token_for(registration: Registration, action: str) -> str:
    assert action in ACTIONS
    return signing.dumps({"r": registration.pk, "a": action}, salt=SALT, compress=True)


def link_for(registration: Registration, action: str) -> str:
    return settings.SITE_URL + reverse("meetings:answer", args=[token_for(registration, action)])


def registration_for_token(token: str) -> tuple[Registration, str] | None:
    """The registration and action a token names, or None when it is forged, unknown, or the
    meeting is over."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    registration = (
        Registration.objects.select_related("meeting__network", "meeting__local_group", "person")
        .filter(pk=data.get("r"))
        .first()
    )
    if registration is None or data.get("a") not in ACTIONS or registration.meeting.ends_at < timezone.now():
        return None
    return registration, data["a"]
