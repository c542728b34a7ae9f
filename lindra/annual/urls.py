from django.urls import path

app_name = "annual"

urlpatterns: list = []

# --- Annual report -------------------------------------------------------------------------
from lindra.annual.views import reports as report_views  # noqa: E402

urlpatterns += [
    path("nettverk/<int:pk>/arsrapporter/", report_views.report_years, name="report_years"),
    path("nettverk/<int:pk>/arsrapport/<int:year>/", report_views.report_page, name="report"),
    path(
        "nettverk/<int:pk>/arsrapport/<int:year>/tekst/<slug:section>/",
        report_views.report_text,
        name="report_text",
    ),
    path("nettverk/<int:pk>/arsrapport/<int:year>/tall.xlsx", report_views.report_xlsx, name="report_xlsx"),
    path("nettverk/<int:pk>/arsrapport/<int:year>/lag-pdf/", report_views.report_pdf_new, name="report_pdf_new"),
    path("nettverk/<int:pk>/arsrapport/<int:year>/publiser/", report_views.report_publish, name="report_publish"),
    path("nettverk/<int:pk>/arsrapport/<int:year>/send/", report_views.report_send, name="report_send"),
    path("nettverk/<int:pk>/arsrapport-mottakere/", report_views.report_recipients, name="report_recipients"),
    path("arsrapport-mottakere/<int:pk>/fjern/", report_views.report_recipient_remove, name="report_recipient_remove"),
    path("arsrapport-pdf/<int:pk>/", report_views.report_render, name="report_render"),
    path("arsrapport-pdf/<int:pk>/arsrapport.pdf", report_views.report_render_pdf, name="report_render_pdf"),
    path("offentlig/<slug:slug>/arsrapport/<int:year>/", report_views.public_report, name="public_report"),
    path(
        "offentlig/<slug:slug>/arsrapport/<int:year>/arsrapport.pdf",
        report_views.public_report_pdf,
        name="public_report_pdf",
    ),
]
