from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.core import backups


class Command(BaseCommand):
    help = gettext_lazy(
        "Legger tilbake en sikkerhetskopi: databasen og de opplastede filene erstattes av dem i kopien."
    )

    def add_arguments(self, parser):
        parser.add_argument("generation", type=Path, help=gettext_lazy("Mappen med sikkerhetskopien."))
        parser.add_argument(
            "--yes", action="store_true", help=gettext_lazy("Ikke spør om bekreftelse før dataene erstattes.")
        )

    def handle(self, *args, generation: Path, yes: bool, **options):
        try:
            manifest = backups.read_generation(generation)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Sikkerhetskopien fra %(created)s er hel: %(files)d filer stemmer med sjekksummene.")
            % {"created": manifest["created_at"], "files": len(manifest["files"])}
        )
        if not yes:
            answer = input(
                _(
                    "Alt som er i databasen og i de opplastede filene nå, erstattes av sikkerhetskopien. "
                    "Stopp Lindra (nettserveren og arbeideren) først. Skriv «ja» for å fortsette: "
                )
            )
            if answer.strip().lower() not in {"ja", "yes", "j", "y"}:
                raise CommandError(_("Ingenting er lagt tilbake."))
        try:
            backups.restore(generation, manifest)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(_("Sikkerhetskopien er lagt tilbake.")))
        unapplied = backups.unapplied_migrations()
        if unapplied:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Databasen er eldre enn denne versjonen av Lindra: "
                        "kjør «manage.py migrate» (%(count)d migreringer)."
                    )
                    % {"count": len(unapplied)}
                )
            )
