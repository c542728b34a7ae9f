import datetime as dt
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import ngettext

from lindra.accounts import languages, rules, services, two_factor

# What a session waiting for its second factor may open: the code and setup pages, signing
# out, and the demo mailbox (where a sign-in link is read). Static files never get here.
OPEN_WHILE_WAITING = {
    "accounts:two_factor",
    "accounts:two_factor_setup",
    "accounts:two_factor_qr",
    "accounts:sign_out",
    "mail:mailbox",
    "mail:message",
    "mail:message_html",
}
PAGE_FOR = {two_factor.VERIFY: "accounts:two_factor", two_factor.SETUP: "accounts:two_factor_setup"}


class LanguageMiddleware:
    """Each page in the language of lindra.accounts.languages.for_request. Never from the
    browser's Accept-Language: bokmål until someone chooses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = languages.for_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


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


class TwoFactorMiddleware:
    """Sends a session that waits for its second factor to the code page, or to the setup
    page when it must set one up, from every other page. A signed-in session without the
    mark (from before two-factor sign-in, or made in tests) is fully signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        waiting = two_factor.waiting_for(request)
        if waiting is None or request.resolver_match.view_name in OPEN_WHILE_WAITING:
            return None
        return redirect(
            f"{reverse(PAGE_FOR.get(waiting, 'accounts:two_factor'))}?next={quote(request.get_full_path())}"
        )
