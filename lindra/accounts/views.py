from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lindra.accounts import languages, oidc, services, two_factor
from lindra.accounts.forms import LanguageForm, PasswordResetForm, PasswordSignInForm, SignInLinkForm
from lindra.core.views_helpers import next_path


def _next_url(request) -> str:
    return next_path(request, reverse("home:home"))


@login_not_required
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("home:home")
    password_form = PasswordSignInForm()
    link_form = SignInLinkForm()
    if request.method == "POST" and "lenke-email" in request.POST:
        link_form = SignInLinkForm(request.POST)
        if link_form.is_valid():
            services.send_sign_in_link(request, link_form.cleaned_data["email"])
            request.session["sign_in_link_email"] = link_form.cleaned_data["email"]
            return redirect("accounts:sign_in_link_sent")
    elif request.method == "POST":
        password_form = PasswordSignInForm(request.POST)
        if password_form.is_valid():
            try:
                services.sign_in_with_password(
                    request, password_form.cleaned_data["email"], password_form.cleaned_data["password"]
                )
            except services.SignInError as error:
                password_form.add_error(None, str(error))
            else:
                return redirect(_next_url(request))
    status = 400 if password_form.errors or link_form.errors else 200
    return render(
        request,
        "accounts/sign_in.html",
        {
            "password_form": password_form,
            "link_form": link_form,
            "next": _next_url(request),
            "oidc_provider_name": settings.OIDC_PROVIDER_NAME if oidc.is_configured() else "",
        },
        status=status,
    )


# Kept in the session from the start of a sign-in through OpenID Connect to its end.
OIDC_NEXT = "lindra_oidc_next"


def _oidc_refusal_message(reason: str) -> str:
    provider = settings.OIDC_PROVIDER_NAME
    messages_by_reason = {
        "not_registered": _(
            "Innloggingen med %(provider)s gav ingen e-postadresse som finnes i Lindra. "
            "Kontakt sekretariatet i nettverket ditt for å bli registrert."
        ),
        "no_email": _(
            "%(provider)s sendte ingen e-postadresse, så Lindra vet ikke hvem du er. "
            "Logg inn med en lenke på e-post i stedet, eller kontakt sekretariatet i nettverket ditt."
        ),
        "email_not_verified": _(
            "%(provider)s har ikke bekreftet e-postadressen din. "
            "Bekreft den hos %(provider)s, eller logg inn med en lenke på e-post i stedet."
        ),
        "inactive": _("Kontoen er deaktivert. Kontakt sekretariatet."),
        "expired": _("Innloggingen med %(provider)s gikk ut før den ble fullført. Prøv å logge inn på nytt."),
        "state": _(
            "Innloggingen ble avbrutt eller startet i en annen fane, så du er ikke logget inn. "
            "Prøv å logge inn på nytt."
        ),
        "provider_error": _(
            "%(provider)s avbrøt innloggingen, så du er ikke logget inn. "
            "Prøv igjen, eller logg inn på en annen måte nedenfor."
        ),
        "provider_unreachable": _(
            "Lindra fikk ikke kontakt med %(provider)s. Prøv igjen om litt, eller logg inn med en lenke på e-post."
        ),
    }
    default = _(
        "Svaret fra %(provider)s kunne ikke godkjennes, så du er ikke logget inn. "
        "Prøv igjen; hjelper ikke det, kontakt sekretariatet i nettverket ditt."
    )
    return messages_by_reason.get(reason, default) % {"provider": provider}


def _refuse_oidc(request, refusal: oidc.Refused):
    details = {"error": refusal.detail} if refusal.detail else {}
    services.refuse_sign_in(request, method="oidc", reason=refusal.reason, target=refusal.email, **details)
    messages.error(request, _oidc_refusal_message(refusal.reason))
    return redirect("accounts:sign_in")


@login_not_required
def oidc_start(request):
    """Sends the browser to the provider; its answer comes back to oidc_callback."""
    if not oidc.is_configured():
        raise Http404
    try:
        response = oidc.StartView.as_view()(request)
    except oidc.Refused as refusal:
        return _refuse_oidc(request, refusal)
    request.session[OIDC_NEXT] = _next_url(request)
    return response


@login_not_required
def oidc_callback(request):
    if not oidc.is_configured():
        raise Http404
    next_url = request.session.pop(OIDC_NEXT, reverse("home:home"))
    try:
        user = oidc.authenticate(request)
    except oidc.Refused as refusal:
        return _refuse_oidc(request, refusal)
    services.finish_sign_in(request, user, method="oidc")
    return redirect(next_url)


@login_not_required
def sign_in_link_sent(request):
    context = {"email": request.session.get("sign_in_link_email", ""), "minutes": settings.SIGN_IN_LINK_MINUTES}
    return render(request, "accounts/sign_in_link_sent.html", context)


@login_not_required
def sign_in_link(request, token: str):
    """GET shows a button; POST signs in. Mail scanners that open links only GET."""
    if request.method == "POST":
        try:
            services.sign_in_with_link(request, token)
        except services.SignInError as error:
            messages.error(request, str(error))
            return redirect("accounts:sign_in")
        return redirect("home:home")
    link = services.find_usable_link(token)
    return render(request, "accounts/sign_in_link.html", {"link": link}, status=200 if link else 410)


@require_POST
@login_not_required
def sign_out(request):
    services.sign_out(request)
    messages.success(request, _("Du er logget ut."))
    return redirect("accounts:sign_in")


def account(request, language_form=None, status=200):
    context = {
        "roles": request.roles.labels(),
        "two_factor_on": two_factor.app_device(request.user) is not None,
        "two_factor_required": two_factor.is_required(request.user),
        "recovery_codes_left": two_factor.recovery_codes_left(request.user),
        "language_form": language_form or LanguageForm(initial={"language": request.user.language}),
    }
    return render(request, "accounts/account.html", context, status=status)


@require_POST
def account_language(request):
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return account(request, language_form=form, status=400)
    languages.choose_language(request.user, form.cleaned_data["language"], request=request)
    translation.activate(languages.for_request(request))
    messages.success(request, _("Språket er lagret."))
    return redirect("accounts:account")


@require_POST
@login_not_required
def language_cookie(request):
    """The language switcher of the pages for those not signed in: the choice is kept in a
    cookie, and the page they were on comes back in it."""
    response = redirect(next_path(request, reverse("accounts:sign_in")))
    language = request.POST.get("language", "")
    if language in languages.CODES:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def get_form_class(self):
        # Someone who has only used sign-in links sets a first password without an old one.
        return super().get_form_class() if self.request.user.has_usable_password() else SetPasswordForm

    def form_valid(self, form):
        services.change_password(self.request, form)
        messages.success(self.request, _("Passordet er endret."))
        return redirect(self.success_url)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@login_not_required
def password_reset_sent(request):
    return render(request, "accounts/password_reset_sent.html")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"title": gettext_lazy("Nytt passord")}

    def form_valid(self, form):
        if not services.may_send_password_reset(self.request, form.cleaned_data["email"]):
            return redirect(self.success_url)  # the same page as when it is sent
        return super().form_valid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:sign_in")

    def form_valid(self, form):
        services.change_password(self.request, form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Passordet er lagret. Du kan logge inn nå."))
        return redirect(self.success_url)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
