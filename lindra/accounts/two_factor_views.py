"""The pages of two-factor sign-in: the code after signing in, setting up an app (QR code
and key), the recovery codes, and turning it off."""

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lindra.accounts import two_factor
from lindra.accounts.forms import TwoFactorCodeForm, TwoFactorSetupForm
from lindra.accounts.views import _next_url


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


@never_cache
def code(request):
    """The second step of signing in: the code from the app, or a recovery code."""
    waiting = two_factor.waiting_for(request)
    if waiting == two_factor.SETUP:
        return redirect(_with_next("accounts:two_factor_setup", request))
    if waiting != two_factor.VERIFY:
        return redirect(_next_url(request))
    form = TwoFactorCodeForm()
    if request.method == "POST":
        form = TwoFactorCodeForm(request.POST)
        if form.is_valid():
            try:
                kind = two_factor.verify(request, form.cleaned_data["code"])
            except two_factor.TwoFactorError as error:
                form.add_error("code", str(error))
            else:
                if kind == "recovery":
                    left = two_factor.recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        _("Du brukte en gjenopprettingskode. Du har %(left)s igjen: lag nye på Min konto.")
                        % {"left": left},
                    )
                return redirect(_next_url(request))
    context = {
        "form": form,
        "next": _next_url(request),
        "demo_code": two_factor.demo_code(two_factor.app_device(request.user)),
    }
    return render(request, "accounts/two_factor.html", context, status=400 if form.errors else 200)


@never_cache
def setup(request):
    """Adds an app (or replaces the one there): scan the QR code or type the key, then
    confirm with the code the app shows."""
    waiting = two_factor.waiting_for(request)
    if waiting == two_factor.VERIFY:
        # A new app only after the code of the one there: no way around the second factor.
        return redirect(_with_next("accounts:two_factor", request))
    device = two_factor.device_being_set_up(request.user, create=True)
    form = TwoFactorSetupForm()
    if request.method == "POST":
        form = TwoFactorSetupForm(request.POST)
        if form.is_valid():
            try:
                two_factor.confirm_setup(request, form.cleaned_data["code"])
            except two_factor.TwoFactorError as error:
                form.add_error("code", str(error))
            else:
                return redirect(_with_next("accounts:two_factor_recovery_codes", request))
    context = {
        "form": form,
        "next": _next_url(request),
        "key": two_factor.readable_key(device),
        "must": waiting == two_factor.SETUP,
        "replacing": two_factor.app_device(request.user) is not None,
        "demo_code": two_factor.spaced(two_factor.code_now(device)) if settings.DEMO_MAILBOX else "",
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


@never_cache
def qr_code(request):
    """The QR code of the app being set up, as SVG (an image of its own: no inline styles)."""
    if two_factor.waiting_for(request) == two_factor.VERIFY:
        raise Http404
    device = two_factor.device_being_set_up(request.user, create=True)
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=6, border=2, xmldecl=False, light="#fff", title=_("QR-kode for Lindra")
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@never_cache
def recovery_codes(request):
    """The new recovery codes, shown once: until "Jeg har tatt vare på kodene"."""
    codes = request.session.get(two_factor.RECOVERY_CODES)
    if not codes:
        return redirect("accounts:account")
    if request.method == "POST":
        request.session.pop(two_factor.RECOVERY_CODES, None)
        return redirect(_next_url(request))
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@never_cache
def recovery_codes_download(request):
    codes = request.session.get(two_factor.RECOVERY_CODES)
    if not codes:
        return redirect("accounts:account")
    lines = [
        _("Gjenopprettingskoder for Lindra (%(email)s)") % {"email": request.user.email},
        _("Hver kode virker én gang, i stedet for koden fra appen."),
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lindra-gjenopprettingskoder.txt"'
    return response


@require_POST
def renew_recovery_codes(request):
    try:
        two_factor.renew_recovery_codes(request)
    except two_factor.TwoFactorError as error:
        messages.error(request, str(error))
        return redirect("accounts:account")
    return redirect(_with_next("accounts:two_factor_recovery_codes", request))


@never_cache
def turn_off(request):
    """Turns two-factor sign-in off, with a current code. Not for those who must use it."""
    if two_factor.is_required(request.user):
        raise PermissionDenied
    if two_factor.app_device(request.user) is None:
        return redirect("accounts:account")
    form = TwoFactorCodeForm()
    if request.method == "POST":
        form = TwoFactorCodeForm(request.POST)
        if form.is_valid():
            try:
                two_factor.turn_off(request, form.cleaned_data["code"])
            except two_factor.TwoFactorError as error:
                form.add_error("code", str(error))
            else:
                messages.success(request, _("Tofaktorinnlogging er slått av."))
                return redirect("accounts:account")
    return render(request, "accounts/two_factor_off.html", {"form": form}, status=400 if form.errors else 200)
