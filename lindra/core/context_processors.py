from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _


def lindra(request) -> dict:
    items = []
    roles = getattr(request, "roles", None)
    if roles is not None and request.user.is_authenticated:
        if roles.is_secretariat or roles.is_superuser:
            items.append((_("Logg"), reverse("home:audit_log")))
        if roles.is_superuser:
            items.append((_("Administrasjon"), reverse("admin:index")))
    path = request.path
    return {
        "nav_items": [{"label": label, "url": url, "current": path.startswith(url)} for label, url in items],
        "demo_mailbox": settings.DEMO_MAILBOX,
        # Each language by its name in itself, whatever the language of the page.
        "languages": settings.LANGUAGES,
    }
