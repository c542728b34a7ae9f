"""The public page of a network: the secretariat's editing, the page itself for anyone, and the
version the regional website embeds in an iframe."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods

from lindra.annual import public_pages
from lindra.annual.news_access import get_public_page_network
from lindra.annual.news_forms import PublicPageForm
from lindra.core.access import refuse_to_show
from lindra.core.views_helpers import render_form, run_form


@require_http_methods(["GET", "POST"])
def public_page_edit(request, pk: int):
    network = get_public_page_network(request, pk)
    page = public_pages.page_of(network)
    initial = {name: getattr(page, name) for name in public_pages.FIELDS} | {"version": page.version}
    form = PublicPageForm(request.POST if request.method == "POST" else None, initial=initial)

    def act(data):
        fields = {name: data[name] for name in public_pages.FIELDS}
        return public_pages.save_page(page, fields, by=request.user, expected_version=data["version"], request=request)

    if saved := run_form(request, form, act):
        done = _("Siden er åpen for alle.") if saved.published else _("Siden er lagret, men ikke åpen.")
        messages.success(request, done)
        return redirect("annual:public_page_edit", network.pk)
    return render_form(
        request,
        "annual/public/edit.html",
        form,
        network=network,
        page=page,
        page_url=public_pages.page_url(page) if page.pk else "",
        embed_code=public_pages.embed_code(page) if page.pk else "",
    )


def _content(request, slug: str):
    page = public_pages.published_page(slug)
    if page is None:
        refuse_to_show(request, f"public page {slug}")
    return public_pages.content_of(page, timezone.localdate(), timezone.now())


@login_not_required
@require_GET
def public_page(request, slug: str):
    return render(request, "annual/public/page.html", {"content": _content(request, slug)})


def _embeddable(view):
    """Lets the sites in PUBLIC_EMBED_ANCESTORS show the page in a frame."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        policy = {**settings.SECURE_CSP, "frame-ancestors": settings.PUBLIC_EMBED_ANCESTORS}
        return csp_override(policy)(view)(request, *args, **kwargs)

    return wrapped


@login_not_required
@xframe_options_exempt
@_embeddable
@require_GET
def public_embed(request, slug: str):
    """The page without Lindra's header and footer, for the regional website's iframe: the only
    page that may be shown in a frame of another site."""
    return render(request, "annual/public/embed.html", {"content": _content(request, slug)})
