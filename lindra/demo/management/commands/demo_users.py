from base64 import b32encode

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.accounts.models import User
from lindra.accounts.roles import ROLE_LABELS
from lindra.demo.data import DEMO_USERS, PASSWORD, TWO_FACTOR_KEY, TWO_FACTOR_USERS
from lindra.registry.models import Term


class Command(BaseCommand):
    help = gettext_lazy("Viser hvordan du logger inn som hver av demobrukerne.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help=gettext_lazy("Adressen Lindra kjører på."),
        )

    def handle(self, *args, url: str, **options):
        emails = [u.email for u in DEMO_USERS]
        users = {u.email: u for u in User.objects.filter(email__in=emails).select_related("person")}
        if not users:
            self.stdout.write(_("Ingen demobrukere er lastet inn."))
            return
        self.stdout.write("\n".join(self._lines(users, url.rstrip("/"))))

    def _lines(self, users: dict[str, User], base: str) -> list[str]:
        served = self._served_networks(users.values())
        rows = [(_("Rolle"), _("Navn"), _("E-post"), _("Passord"))]
        for demo in DEMO_USERS:
            user = users.get(demo.email)
            if user is None:
                continue
            person = getattr(user, "person", None)
            role = str(ROLE_LABELS[demo.role])
            if demo.role == "secretariat" and person is not None:
                role = f"{role} ({', '.join(served.get(person.pk, []))})"
            rows.append((role, person.full_name if person else "–", user.email, PASSWORD))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        table = [
            ("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))).rstrip()
            for row in rows
        ]
        return [
            "",
            _("Demobrukere i Lindra. Logg inn på %(url)s med e-post og passord:")
            % {"url": base + reverse("accounts:sign_in")},
            "",
            *table,
            "",
            self._sign_in_link_line(base),
            self._two_factor_line(),
            "",
        ]

    @staticmethod
    def _two_factor_line() -> str:
        names = ", ".join(u.email for u in TWO_FACTOR_USERS)
        key = b32encode(bytes.fromhex(TWO_FACTOR_KEY)).decode()
        if settings.DEMO_MAILBOX:
            return _(
                "%(names)s logger inn med en kode fra en app i tillegg. I demoen står koden på siden der du "
                "skriver den; du kan også legge nøkkelen %(key)s inn i en app."
            ) % {"names": names, "key": key}
        return _("%(names)s logger inn med en kode fra en app i tillegg: legg nøkkelen %(key)s inn i en app.") % {
            "names": names,
            "key": key,
        }

    @staticmethod
    def _sign_in_link_line(base: str) -> str:
        # With a mail server the demo mailbox is off (its page is not found): the link goes by e-mail.
        if settings.DEMO_MAILBOX:
            return _("Du kan også be om en innloggingslenke på e-post og lese den i demopostkassen: %(url)s") % {
                "url": base + reverse("mail:mailbox")
            }
        return _("Du kan også be om en innloggingslenke på e-post; den sendes med e-postserveren.")

    @staticmethod
    def _served_networks(users) -> dict[int, list[str]]:
        """The short names of the networks each secretariat user serves today."""
        served: dict[int, list[str]] = {}
        terms = (
            Term.objects.current()
            .filter(kind=Term.Kind.SECRETARIAT, person__user__in=list(users))
            .order_by("network__short_name")
            .values_list("person_id", "network__short_name")
        )
        for person_id, network in terms:
            served.setdefault(person_id, []).append(network)
        return served
