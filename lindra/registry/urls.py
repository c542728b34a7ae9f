from django.urls import path

from lindra.registry import views

app_name = "registry"
urlpatterns = [
    path("nettverk/<int:pk>/", views.network, name="network"),
    path("grupper/<int:pk>/", views.group, name="group"),
    path("personer/<int:pk>/", views.person, name="person"),
]
