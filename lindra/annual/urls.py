from django.urls import path

app_name = "annual"

urlpatterns: list = []

# --- Documents: the network's plans and documents with their versions (seed 003), the competence
# plan's coverage by the local groups, and the public download of a document marked public.
from lindra.annual.views import documents as document_views  # noqa: E402

urlpatterns += [
    path("nettverk/<int:pk>/dokumenter/", document_views.network_documents, name="network_documents"),
    path("nettverk/<int:pk>/dokumenter/nytt/", document_views.document_new, name="document_new"),
    path("dokumenter/<int:pk>/", document_views.document, name="document"),
    path("dokumenter/<int:pk>/ny-versjon/", document_views.version_new, name="version_new"),
    path("dokumenter/<int:pk>/endre/", document_views.document_edit, name="document_edit"),
    path("dokumentversjoner/<int:pk>/fil/", document_views.version_download, name="version_download"),
    path("nettverk/<int:pk>/kompetanseplan/dekning/", document_views.coverage, name="coverage"),
    path("nettverk/<int:pk>/kompetanseplan/dekning.xlsx", document_views.coverage_xlsx, name="coverage_xlsx"),
    path("offentlig/<slug:slug>/dokumenter/<int:pk>/", document_views.public_document, name="public_document"),
]
