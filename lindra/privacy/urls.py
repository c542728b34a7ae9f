"""A person's own data (GDPR art. 15), erasure (art. 17) and the privacy statement."""

from django.urls import path

from lindra.privacy import erasure_views

app_name = "privacy"
urlpatterns = [
    path("personer/<int:pk>/slett-personopplysninger/", erasure_views.erase, name="erase"),
]
