from django.urls import path

from lindra.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("logg/", views.audit_log, name="audit_log"),
]
