from django.urls import path

from lindra.api import views

app_name = "api_tokens"
urlpatterns = [
    path("nettverk/<int:pk>/sekretariat/api-nokler/", views.token_list, name="list"),
    path("api-nokler/<int:pk>/trekk-tilbake/", views.token_revoke, name="revoke"),
]
