"""Static files picked one by one from a front-end package, for packages far larger than
what the pages use (a font with every weight and script). settings.STATICFILES_SELECTED
maps a URL prefix to the package's folder and the file names to serve from it."""

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning
from django.core.files.storage import FileSystemStorage


class SelectedFilesFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.selections = []
        for prefix, (folder, names) in settings.STATICFILES_SELECTED.items():
            storage = FileSystemStorage(location=folder)
            storage.prefix = prefix  # collectstatic and WhiteNoise put the files under it
            self.selections.append((prefix, storage, list(names)))

    def check(self, **kwargs):
        return [
            Warning(f"{storage.path(name)} is missing: run npm ci.", id="lindra.W001")
            for _prefix, storage, names in self.selections
            for name in names
            if not storage.exists(name)
        ]

    def find(self, path, find_all=False):
        found = [
            storage.path(name)
            for prefix, storage, names in self.selections
            for name in names
            if path == f"{prefix}/{name}" and storage.exists(name)
        ]
        # Like Django's own finders: the first match, or all of them; an empty list for none.
        return found[0] if found and not find_all else found

    def list(self, ignore_patterns):
        for _prefix, storage, names in self.selections:
            for name in names:
                if storage.exists(name):
                    yield name, storage
