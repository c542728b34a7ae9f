from django.urls import path

from lindra.accounts import two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("logg-inn/", views.sign_in, name="sign_in"),
    path("logg-inn/lenke-sendt/", views.sign_in_link_sent, name="sign_in_link_sent"),
    path("logg-inn/lenke/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("oidc/start/", views.oidc_start, name="oidc_start"),
    path("oidc/svar/", views.oidc_callback, name="oidc_callback"),
    path("logg-ut/", views.sign_out, name="sign_out"),
    path("", views.account, name="account"),
    path("sprak/", views.account_language, name="account_language"),
    # The language of a visitor who is not signed in, kept in a cookie.
    path("velg-sprak/", views.language_cookie, name="language_cookie"),
    path("passord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("glemt-passord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("glemt-passord/sendt/", views.password_reset_sent, name="password_reset_done"),
    path("nytt-passord/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("tofaktor/", two_factor_views.code, name="two_factor"),
    path("tofaktor/sett-opp/", two_factor_views.setup, name="two_factor_setup"),
    path("tofaktor/sett-opp/qr-kode.svg", two_factor_views.qr_code, name="two_factor_qr"),
    path("tofaktor/gjenopprettingskoder/", two_factor_views.recovery_codes, name="two_factor_recovery_codes"),
    path(
        "tofaktor/gjenopprettingskoder/last-ned/",
        two_factor_views.recovery_codes_download,
        name="two_factor_recovery_codes_download",
    ),
    path("tofaktor/nye-koder/", two_factor_views.renew_recovery_codes, name="two_factor_renew_codes"),
    path("tofaktor/sla-av/", two_factor_views.turn_off, name="two_factor_off"),
]
