import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone
from django.utils.translation import ngettext

from lindra.accounts import rules, services


class SessionLifetimeMiddleware:
    """Ends a session SESSION_MAX_HOURS after sign-in, however active the user has been,
    and sends them to sign in again with the page they asked for kept. A session with no
    sign-in time (from before this rule) gets the time of its first request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            started = request.session.get(services.SIGNED_IN_AT)
            hours = settings.SESSION_MAX_HOURS
            if started is None:
                request.session[services.SIGNED_IN_AT] = now.timestamp()
            elif rules.session_outlived(
                signed_in_at=dt.datetime.fromtimestamp(started, tz=dt.UTC), now=now, max_age=dt.timedelta(hours=hours)
            ):
                services.end_expired_session(request, hours=hours)
                messages.info(
                    request,
                    ngettext(
                        "Du har vært innlogget i %(hours)s time, som er det lengste en innlogging varer. "
                        "Vennligst logg inn på nytt.",
                        "Du har vært innlogget i %(hours)s timer, som er det lengste en innlogging varer. "
                        "Vennligst logg inn på nytt.",
                        hours,
                    )
                    % {"hours": hours},
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
