from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.core import backups


class Command(BaseCommand):
    help = gettext_lazy(
        "Tar en sikkerhetskopi av databasen og de opplastede filene i en ny mappe, og sletter de eldste."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            default=settings.BACKUP_DIR,
            type=Path,
            help=gettext_lazy("Mappen sikkerhetskopiene legges i (BACKUP_DIR)."),
        )
        parser.add_argument(
            "--keep",
            default=settings.BACKUP_KEEP,
            type=int,
            help=gettext_lazy("Hvor mange sikkerhetskopier som beholdes (BACKUP_KEEP)."),
        )

    def handle(self, *args, to: Path, keep: int, **options):
        if keep < 1:
            raise CommandError(_("--keep må være minst 1."))
        try:
            generation = backups.backup(to, keep=keep)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Sikkerhetskopi tatt: %(path)s (%(files)d filer, %(megabytes).1f MB).")
                % {
                    "path": generation.path,
                    "files": len(generation.manifest["files"]),
                    "megabytes": generation.size / 1_000_000,
                }
            )
        )
        for name in generation.removed:
            self.stdout.write(_("Slettet eldre sikkerhetskopi: %(name)s") % {"name": name})
