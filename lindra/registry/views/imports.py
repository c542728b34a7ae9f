from django import forms
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.core.errors import DomainError
from lindra.core.views_helpers import render_form
from lindra.registry import imports
from lindra.registry.access import get_network_for_user
from lindra.registry.models import ImportBatch

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Regneark (.xlsx) eller CSV-fil"),
        help_text=gettext_lazy(
            "Første rad må ha overskriftene Fornavn, Etternavn, E-post, Lokalgruppe og Arbeidssted. "
            "Valgfritt: Telefon, Yrke, Kommunenummer, Nærmeste leder, Leders e-post, Startdato."
        ),
    )


def upload(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("Filen er større enn 10 MB. Del den opp."))
        else:
            try:
                batch = imports.check_upload(network, filename=file.name, content=file.read(), by=request.user)
            except DomainError as error:
                form.add_error("file", str(error))
            else:
                return redirect("registry:import_batch", network.pk, batch.pk)
    recent = ImportBatch.objects.filter(network=network).select_related("uploaded_by")[:10]
    return render_form(request, "registry/import_upload.html", form, network=network, recent=recent)


def batch(request, pk: int, batch_pk: int):
    network = get_network_for_user(request, pk, change=True)
    batch = get_object_or_404(ImportBatch, pk=batch_pk, network=network)
    error = ""
    if request.method == "POST":
        try:
            imports.start_import(
                batch, skip_problem_lines=request.POST.get("skip") == "1", by=request.user, request=request
            )
        except DomainError as domain_error:
            error = str(domain_error)
        else:
            return redirect("registry:import_batch", network.pk, batch.pk)
    batch.refresh_from_db()
    context = {
        "network": network,
        "batch": batch,
        "error": error,
        "problem_lines": imports.lines_with_problems(batch),
        "progress": cache.get(imports.progress_key(batch.pk)),
        "plan": imports.plan_for(batch) if batch.status == ImportBatch.Status.CHECKED else None,
    }
    if request.headers.get("HX-Request"):
        return render(request, "registry/import_batch.html#progress", context)
    return render(request, "registry/import_batch.html", context, status=400 if error else 200)
