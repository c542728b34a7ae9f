"""The annual cycle's periodic jobs."""

from lindra.annual.deviations import send_deviation_reminders

JOBS: list = []

# Documents: the working group is reminded once when a document's next revision is due.
from lindra.annual.documents import send_revision_reminders  # noqa: E402

JOBS += [send_revision_reminders]
# News: a published item whose mailing was lost (a worker down) is mailed while still news.
from lindra.annual.news import mail_published_news  # noqa: E402

JOBS += [mail_published_news]
# Deviations: the handler is reminded once per deadline passed.
JOBS += [send_deviation_reminders]
