from django.urls import path

from lindra.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logg-inn/", views.sign_in, name="sign_in"),
    path("logg-inn/lenke-sendt/", views.sign_in_link_sent, name="sign_in_link_sent"),
    path("logg-inn/lenke/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("logg-ut/", views.sign_out, name="sign_out"),
    path("", views.account, name="account"),
    path("passord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("glemt-passord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("glemt-passord/sendt/", views.password_reset_sent, name="password_reset_done"),
    path("nytt-passord/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
]
