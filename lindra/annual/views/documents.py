"""The network's plans and documents: the list, a document with its versions, a new document or
version, downloads, the competence plan's coverage by the local groups, and the public download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.annual import documents
from lindra.annual.document_access import (
    edits_documents,
    get_document_for_user,
    get_network_documents,
    get_version_for_user,
)
from lindra.annual.document_forms import ChangeDocumentForm, CoverageForm, NewDocumentForm, NewVersionForm
from lindra.annual.models import Document
from lindra.core.spreadsheets import xlsx_response
from lindra.core.views_helpers import render_form, run_form
from lindra.development.onboarding import descriptions_of


@require_GET
def network_documents(request, pk: int):
    network = get_network_documents(request, pk)
    return render(
        request,
        "annual/document/list.html",
        {
            "network": network,
            "rows": documents.documents_of(network),
            # The function descriptions per profession are kept by onboarding; listed beside.
            "descriptions": descriptions_of(network),
            "edits": edits_documents(request.roles, network.pk),
            "runs": request.roles.runs_network(network.pk),
        },
    )


def document_new(request, pk: int):
    network = get_network_documents(request, pk, change=True)
    form = NewDocumentForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("type")})

    def save(data):
        return documents.create_document(
            network,
            kind=data["kind"],
            title=data["title"],
            year=data["year"],
            public=data["public"],
            **form.version_values(),
            by=request.user,
            request=request,
        )

    document = run_form(request, form, save)
    if document:
        messages.success(request, _("«%(title)s» er lagret.") % {"title": document.title})
        return redirect(document)
    return render_form(
        request,
        "annual/document/form.html",
        form,
        network=network,
        title=_("Nytt dokument"),
        submit=_("Lagre dokumentet"),
        cancel_url=reverse("annual:network_documents", args=[network.pk]),
    )


@require_GET
def document(request, pk: int):
    document = get_document_for_user(request, pk)
    edits = edits_documents(request.roles, document.network_id)
    competence_plan = document.kind == Document.Kind.COMPETENCE_PLAN
    return render(
        request,
        "annual/document/detail.html",
        {
            "document": document,
            "network": document.network,
            "row": documents.document_row(document),
            "edits": edits,
            "runs": request.roles.runs_network(document.network_id),
            "form": NewVersionForm(initial={"version": document.version}) if edits else None,
            "topics": documents.topics_with_meetings(document.network) if competence_plan else None,
        },
    )


def version_new(request, pk: int):
    document = get_document_for_user(request, pk, change=True)
    form = NewVersionForm(request.POST or None, request.FILES or None, initial={"version": document.version})

    def save(data):
        return documents.add_version(
            document, expected_version=data["version"], **form.version_values(), by=request.user, request=request
        )

    version = run_form(request, form, save)
    if version:
        messages.success(
            request,
            _("Versjon %(number)s av «%(title)s» er lagret.")
            % {
                "number": version.number,
                "title": document.title,
            },
        )
        return redirect(document)
    return render_form(
        request,
        "annual/document/form.html",
        form,
        network=document.network,
        document=document,
        title=_("Ny versjon av «%(title)s»") % {"title": document.title},
        submit=_("Lagre versjonen"),
        cancel_url=document.get_absolute_url(),
    )


def document_edit(request, pk: int):
    document = get_document_for_user(request, pk, change=True)
    initial = {"title": document.title, "year": document.year, "public": document.public, "version": document.version}
    form = ChangeDocumentForm(request.POST or None, initial=initial)

    def save(data):
        return documents.change_document(
            document,
            expected_version=data["version"],
            title=data["title"],
            year=data["year"],
            public=data["public"],
            by=request.user,
            request=request,
        )

    if run_form(request, form, save):
        messages.success(request, _("Endringen er lagret."))
        return redirect(document)
    return render_form(
        request,
        "annual/document/form.html",
        form,
        network=document.network,
        document=document,
        title=_("Endre «%(title)s»") % {"title": document.title},
        submit=_("Lagre endringen"),
        cancel_url=document.get_absolute_url(),
    )


def _file_response(version) -> HttpResponse:
    content, filename, content_type = documents.version_file(version)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
def version_download(request, pk: int):
    return _file_response(get_version_for_user(request, pk))


def _coverage_years(request) -> tuple[CoverageForm, int, int]:
    this_year = timezone.localdate().year
    form = CoverageForm(request.GET if request.GET else None, initial={"fra": this_year - 2, "til": this_year})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["fra"], form.cleaned_data["til"]
    return form, this_year - 2, this_year


@require_GET
def coverage(request, pk: int):
    network = get_network_documents(request, pk)
    form, first, last = _coverage_years(request)
    found = documents.coverage_of(network, first, last)
    return render(
        request,
        "annual/document/coverage.html",
        {
            "network": network,
            "form": form,
            "coverage": found,
            "query": request.GET.urlencode(),
            "runs": request.roles.runs_network(network.pk),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def coverage_xlsx(request, pk: int):
    network = get_network_documents(request, pk)
    _form, first, last = _coverage_years(request)
    found = documents.coverage_of(network, first, last)
    headers, rows = documents.coverage_sheet(found)
    years = f"{found.years[0]}-{found.years[-1]}"
    return xlsx_response(
        f"kompetanseplan-dekning-{years}.xlsx", _("Dekning %(years)s") % {"years": years}, headers, rows
    )


@login_not_required
@require_GET
def public_document(request, slug: str, pk: int):
    """The version in force of a document marked public, on a published page that shows
    documents; 404 otherwise, so nothing says a document exists."""
    version = documents.public_version(slug, pk)
    if version is None:
        raise Http404("no public document")
    return _file_response(version)
