from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.accounts import two_factor
from lindra.accounts.models import User


class Command(BaseCommand):
    help = gettext_lazy("Nullstiller tofaktorinnloggingen til en bruker som har mistet appen og gjenopprettingskodene.")

    def add_arguments(self, parser):
        parser.add_argument("email", help=gettext_lazy("E-postadressen til brukeren."))

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(_("Ingen bruker har e-postadressen %(email)s.") % {"email": email})
        if two_factor.reset(user):
            self.stdout.write(
                _("Tofaktorinnloggingen til %(email)s er nullstilt. Neste innlogging setter opp en ny app.")
                % {"email": user.email}
            )
        else:
            self.stdout.write(_("%(email)s har ikke tofaktorinnlogging.") % {"email": user.email})
