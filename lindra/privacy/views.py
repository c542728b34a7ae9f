"""The pages of a person's own data and the privacy statement."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lindra.privacy import downloads, statement
from lindra.privacy.access import get_person_for_access
from lindra.registry.models import Person

CONTENT_TYPES = {"pdf": "application/pdf", "json": "application/json; charset=utf-8"}


def _own_person(request) -> Person | None:
    return Person.objects.filter(user=request.user).first()


def _download(request, person, network, kind: str) -> HttpResponse:
    if kind not in CONTENT_TYPES:
        raise Http404(kind)
    content, name = downloads.export_own_data(
        person, user=request.user if person is None else None, request=request, network=network, kind=kind
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def own_data(request):
    """What the signed-in person may download about themself, and how."""
    person = _own_person(request)
    return render(
        request,
        "privacy/own_data.html",
        {
            "person": person,
            "on_behalf": False,
            "pdf_url": reverse("privacy:own_data_pdf"),
            "json_url": reverse("privacy:own_data_json"),
        },
    )


@require_GET
def own_data_download(request, kind: str):
    return _download(request, _own_person(request), None, kind)


@require_GET
def person_own_data(request, pk: int):
    """The same for the secretariat, on the person's behalf (innsyn)."""
    person, _network = get_person_for_access(request, pk)
    return render(
        request,
        "privacy/own_data.html",
        {
            "person": person,
            "on_behalf": person.user_id != request.user.pk,
            "pdf_url": reverse("privacy:person_own_data_pdf", args=[person.pk]),
            "json_url": reverse("privacy:person_own_data_json", args=[person.pk]),
        },
    )


@require_GET
def person_own_data_download(request, pk: int, kind: str):
    person, network = get_person_for_access(request, pk)
    return _download(request, person, network, kind)


@login_not_required
@require_GET
def privacy_statement(request):
    return render(request, "privacy/statement.html", statement.context())
