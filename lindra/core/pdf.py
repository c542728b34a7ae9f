"""PDFs from HTML, with WeasyPrint. A document takes nothing from the network: only Lindra's own
files and data: URLs (the charts) are read, by a fetcher made once per thread (making one is
costly: it loads the system's certificates for HTTPS it never uses)."""

import threading

from django.conf import settings

_fetchers = threading.local()


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML  # loaded only when a PDF is made: it needs pango

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetcher()).write_pdf()


def _fetcher():
    if not hasattr(_fetchers, "local_files"):
        from weasyprint.urls import URLFetcher

        _fetchers.local_files = URLFetcher(allowed_protocols={"file", "data"})
    return _fetchers.local_files
