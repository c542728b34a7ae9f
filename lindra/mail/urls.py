from django.urls import path

from lindra.mail import views

app_name = "mail"
urlpatterns = [
    path("demo-postkasse/", views.mailbox, name="mailbox"),
    path("demo-postkasse/<int:pk>/", views.message, name="message"),
    path("feilet/", views.failed, name="failed"),
]
