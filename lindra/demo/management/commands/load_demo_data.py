from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.demo.data import load_demo_data
from lindra.registry.models import Network


class Command(BaseCommand):
    help = gettext_lazy("Laster inn demodata: tre nettverk med lokalgrupper, medlemmer, møter og demobrukere.")

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group()
        when.add_argument(
            "--if-empty",
            action="store_true",
            help=gettext_lazy("Gjør ingenting hvis databasen allerede har nettverk."),
        )
        when.add_argument(
            "--reset",
            action="store_true",
            help=gettext_lazy("Tømmer hele databasen før demodataene lastes inn."),
        )

    def handle(self, *args, if_empty: bool, reset: bool, **options):
        if if_empty and Network.objects.exists():
            self.stdout.write(_("Databasen har allerede data, så demodataene lastes ikke inn."))
            return
        if not reset and Network.objects.exists():
            raise CommandError(_("Databasen har allerede data. Bruk --reset for å tømme den først, eller --if-empty."))
        # Emptying and loading in one transaction: a failed load leaves the old data in place.
        with transaction.atomic():
            if reset:
                # PostgreSQL refuses to empty tables with checks still pending in this
                # transaction; run them first.
                connection.check_constraints()
                call_command("flush", interactive=False, verbosity=0)
            summary = load_demo_data()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demodata lastet inn på %(seconds).1f s: %(networks)d nettverk, %(groups)d lokalgrupper, "
                    "%(workplaces)d arbeidssteder, %(people)d personer, %(memberships)d medlemskap "
                    "(%(current)d aktive) og %(meetings)d møter."
                )
                % {
                    "seconds": summary.seconds,
                    "networks": summary.networks,
                    "groups": summary.groups,
                    "workplaces": summary.workplaces,
                    "people": summary.people,
                    "memberships": summary.memberships,
                    "current": summary.current_memberships,
                    "meetings": summary.meetings,
                }
            )
        )
