from django.urls import path

from lindra.annual.views import deviations as deviation_views
from lindra.annual.views import documents as document_views
from lindra.annual.views import news as news_views
from lindra.annual.views import public as public_views
from lindra.annual.views import questionnaires, steering, wheel
from lindra.annual.views import reports as report_views

app_name = "annual"

urlpatterns: list = []

# --- Documents: the network's plans and documents with their versions (seed 003), the competence
# plan's coverage by the local groups, and the public download of a document marked public.

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

# --- News to the network and the public page -------------------------------------------------

urlpatterns += [
    path("nettverk/<int:pk>/nyheter/", news_views.network_news, name="network_news"),
    path("nettverk/<int:pk>/nyheter/ny/", news_views.news_new, name="news_new"),
    path("nyheter/<int:pk>/", news_views.news_item, name="news_item"),
    path("nyheter/<int:pk>/endre/", news_views.news_edit, name="news_edit"),
    path("nyheter/<int:pk>/slett/", news_views.news_delete, name="news_delete"),
    path("nyheter/reservasjon/", news_views.news_opt_out, name="news_opt_out"),
    path("nyheter/avmelding/<str:token>/", news_views.news_unsubscribe, name="news_unsubscribe"),
    path("nyheter/feed/<str:token>.atom", news_views.news_feed, name="news_feed"),
    path("nettverk/<int:pk>/offentlig-side/", public_views.public_page_edit, name="public_page_edit"),
    path("offentlig/<slug:slug>/", public_views.public_page, name="public_page"),
    path("offentlig/<slug:slug>/innebygd/", public_views.public_embed, name="public_embed"),
    path("offentlig/<slug:slug>/nyheter.atom", news_views.public_news_feed, name="public_news_feed"),
]
# --- Annual wheel: the network's year in one picture, and each local group's.

urlpatterns += [
    path("nettverk/<int:pk>/arshjul/<int:year>/", wheel.network_wheel, name="wheel"),
    path("nettverk/<int:pk>/arshjul/<int:year>.pdf", wheel.network_wheel_pdf, name="wheel_pdf"),
    path("grupper/<int:pk>/arshjul/<int:year>/", wheel.group_wheel, name="group_wheel"),
    path("grupper/<int:pk>/arshjul/<int:year>.pdf", wheel.group_wheel_pdf, name="group_wheel_pdf"),
]

# --- Steering group reports: the operations group's leader reports to the steering group.

urlpatterns += [
    path("nettverk/<int:pk>/styringsrapporter/", steering.steering_reports, name="steering_reports"),
    path("nettverk/<int:pk>/styringsrapporter/ny/", steering.steering_report_new, name="steering_report_new"),
    path("styringsrapporter/<int:pk>/", steering.steering_report, name="steering_report"),
]

# Deviations (avvik, seed 000): reporting, handling by the group leader and the operations group,
# the user's own list and the network's.

urlpatterns += [
    path("avvik/", deviation_views.my_deviations, name="deviations"),
    path("avvik/ny/", deviation_views.deviation_new, name="deviation_new"),
    path("avvik/<int:pk>/", deviation_views.deviation, name="deviation"),
    path("nettverk/<int:pk>/avvik/", deviation_views.network_deviations, name="network_deviations"),
]
# --- Annual report -------------------------------------------------------------------------

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

# --- Questionnaire: the yearly electronic reporting (seed 004). The secretariat's list, building
# and settings; the response rate and the results (the committees read them too); the page the
# e-mailed link opens, where a member or leader answers without signing in.

urlpatterns += [
    path("nettverk/<int:pk>/sporreskjema/", questionnaires.questionnaires_of_network, name="questionnaires"),
    path("sporreskjema/<int:pk>/", questionnaires.questionnaire, name="questionnaire"),
    path("sporreskjema/<int:pk>/innstillinger/", questionnaires.questionnaire_settings, name="questionnaire_settings"),
    path("sporreskjema/<int:pk>/ny-del/", questionnaires.section_new, name="questionnaire_section_new"),
    path("sporreskjema/del/<int:pk>/", questionnaires.section_edit, name="questionnaire_section"),
    path("sporreskjema/del/<int:pk>/nytt-sporsmal/", questionnaires.question_new, name="questionnaire_question_new"),
    path("sporreskjema/sporsmal/<int:pk>/", questionnaires.question_edit, name="questionnaire_question"),
    path("sporreskjema/<int:pk>/resultater/", questionnaires.results, name="questionnaire_results"),
    path("sporreskjema/<int:pk>/svar.xlsx", questionnaires.results_xlsx, name="questionnaire_xlsx"),
    path("sporreskjema/svar/<str:token>/", questionnaires.answer, name="questionnaire_answer"),
]
