import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from lindra.home.periodic import JOBS

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Runs Lindra's periodic jobs once, or every --every seconds."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds (0: run once).")

    def handle(self, *args, every: int, **options):
        while True:
            for job in JOBS:
                try:
                    job()
                except Exception:
                    # One failing job must not stop the others; it is tried again next run.
                    logger.exception("Periodic job %s failed", job.__name__)
            close_old_connections()
            if not every:
                return
            time.sleep(every)
