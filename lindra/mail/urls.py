from django.urls import path

from lindra.mail import views

app_name = "mail"
urlpatterns = [
    path("demo-postkasse/", views.mailbox, name="mailbox"),
    path("demo-postkasse/<int:pk>/", views.message, name="message"),
    path("demo-postkasse/<int:pk>/html/", views.message_html, name="message_html"),
    path("feilet/", views.failed, name="failed"),
]
