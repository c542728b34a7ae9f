"""Django's makemessages with the options Lindra's catalogue is kept with, so that
`manage.py makemessages` and the check in the tests write the same file."""

from django.conf import settings
from django.core.management.commands import makemessages


class Command(makemessages.Command):
    help = (
        "Updates Lindra's catalogues (lindra/locale: nb, nn, en) from the code: with each message's file "
        "but not its line, without the tests and the installed front-end packages."
    )
    # A Norwegian message is its own translation in the nb catalogue: a guess from a similar
    # message would only ever be wrong.
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        if not (options["locale"] or options["exclude"] or options["all"]):
            options["locale"] = [code for code, _name in settings.LANGUAGES]
        options["add_location"] = "file"  # line numbers would change the catalogue on every edit
        options["no_obsolete"] = True
        options["ignore_patterns"] = [
            *options["ignore_patterns"],
            "node_modules",
            "staticfiles",
            "tests",
            "bench",
            "media",
        ]
        super().handle(*args, **options)
