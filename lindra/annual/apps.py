from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualConfig(AppConfig):
    name = "lindra.annual"
    label = "annual"
    verbose_name = _("Året i nettverket")

    def ready(self) -> None:
        # The member's year (development) shows the annual reporting as this app knows it.
        from lindra.annual.templatetags.questionnaires import reportings
        from lindra.development import rules, year

        year.TELLERS[rules.Task.ANNUAL_REPORTING] = reportings
