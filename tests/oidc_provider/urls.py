from django.contrib.auth.views import LoginView
from django.urls import include, path, re_path

from tests.oidc_provider import client_assertions

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    # Before the package's own, which it wraps.
    re_path(r"^openid/token/?$", client_assertions.token),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
