from django.urls import path

from lindra.development.views import competence

app_name = "development"

urlpatterns: list = [
    # Competence: reporting back from gatherings and competence activities
    path("medlemskap/<int:pk>/kompetanse/", competence.competence_view, name="competence"),
    path("medlemskap/<int:pk>/kompetanse/ny/", competence.activity_new, name="activity_new"),
    path("medlemskap/<int:pk>/referert/<int:meeting_pk>/", competence.report_back, name="report_back"),
    path("kompetanse/<int:pk>/endre/", competence.activity_edit, name="activity_edit"),
    path("kompetanse/<int:pk>/slett/", competence.activity_delete, name="activity_delete"),
    path("kompetanse/<int:pk>/bekreft/", competence.activity_confirm, name="activity_confirm"),
    path("kompetanse/bekreft/<str:token>/", competence.activity_confirm_link, name="activity_confirm_link"),
    path("nettverk/<int:pk>/kompetanse/", competence.network_competence, name="network_competence"),
    path("nettverk/<int:pk>/kompetanse/<int:year>/", competence.network_competence, name="network_competence_for"),
]
