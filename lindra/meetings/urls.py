from django.urls import path

from lindra.meetings import views

app_name = "meetings"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
]
