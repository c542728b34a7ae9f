from django.urls import path

from lindra.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("logg/", views.audit_log, name="audit_log"),
]
