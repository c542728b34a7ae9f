from django.urls import path

app_name = "annual"

urlpatterns: list = []

# --- Questionnaire: the yearly electronic reporting (seed 004). The secretariat's list, building
# and settings; the response rate and the results (the committees read them too); the page the
# e-mailed link opens, where a member or leader answers without signing in.
from lindra.annual.views import questionnaires  # noqa: E402

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
