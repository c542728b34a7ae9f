from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lindra.core"
    label = "core"
    verbose_name = _("Felles")

    def ready(self) -> None:
        from lindra.core import sqlite

        sqlite.install()
