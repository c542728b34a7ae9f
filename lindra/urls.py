from django.contrib import admin
from django.urls import include, path

from lindra.api.endpoints import urls as api_urls

urlpatterns = [
    path("", include("lindra.home.urls")),
    path("konto/", include("lindra.accounts.urls")),
    path("", include("lindra.registry.urls")),
    path("", include("lindra.meetings.urls")),
    path("", include("lindra.development.urls")),
    path("", include("lindra.annual.urls")),
    path("", include("lindra.privacy.urls")),
    path("", include("lindra.api.urls")),
    path("api/v1/", api_urls()),
    path("e-post/", include("lindra.mail.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "lindra.core.views.forbidden"
handler404 = "lindra.core.views.not_found"
handler500 = "lindra.core.views.server_error"
