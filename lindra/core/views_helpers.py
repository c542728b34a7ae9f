"""Small pieces the thin views share: running a form through a service, rendering a form page."""

from collections.abc import Callable
from typing import Any

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from lindra.core.errors import DomainError
from lindra.core.forms import stored_now


def run_form(request, form, action: Callable[[dict], Any]) -> Any | None:
    """On a valid POST, calls the action with the cleaned data and returns its result. A
    DomainError becomes an error on the field it names, or at the top of the form; the
    typed values stay."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form.cleaned_data) or True
    except DomainError as error:
        field = error.field if getattr(error, "field", None) in form.fields else None
        form.add_error(field, str(error))
        if getattr(error, "current_version", None) is not None and "version" in form.fields:
            # The user has now seen that someone else saved first; saving again is deliberate.
            form.data = form.data.copy()
            form.data["version"] = error.current_version
            form.stored_now = stored_now(form)
        return None


def render_form(request, template: str, form, **context):
    """Renders a form page; 400 when the form carries errors, so tests and tools can tell."""
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


def next_path(request, default: str) -> str:
    """Where to go back to, from the form's or the address's `next`: a path on this site, or
    the default. Anything else (another site, a bare word) is not followed."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
