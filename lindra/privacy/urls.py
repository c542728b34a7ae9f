"""A person's own data (GDPR art. 15), erasure (art. 17) and the privacy statement."""

from django.urls import path

from lindra.privacy import erasure_views, views

app_name = "privacy"
urlpatterns = [
    path("personvern/", views.privacy_statement, name="statement"),
    path("mine-data/", views.own_data, name="own_data"),
    path("mine-data/pdf/", views.own_data_download, {"kind": "pdf"}, name="own_data_pdf"),
    path("mine-data/json/", views.own_data_download, {"kind": "json"}, name="own_data_json"),
    path("personer/<int:pk>/innsyn/", views.person_own_data, name="person_own_data"),
    path("personer/<int:pk>/innsyn/pdf/", views.person_own_data_download, {"kind": "pdf"}, name="person_own_data_pdf"),
    path(
        "personer/<int:pk>/innsyn/json/", views.person_own_data_download, {"kind": "json"}, name="person_own_data_json"
    ),
    path("personer/<int:pk>/slett-personopplysninger/", erasure_views.erase, name="erase"),
]
