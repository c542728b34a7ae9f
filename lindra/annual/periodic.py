"""The annual cycle's periodic jobs."""

from lindra.annual.deviations import send_deviation_reminders
from lindra.annual.documents import send_revision_reminders
from lindra.annual.news import mail_published_news
from lindra.annual.questionnaires import open_questionnaires, send_questionnaire_reminders

JOBS: list = []

# Documents: the working group is reminded once when a document's next revision is due.

JOBS += [send_revision_reminders]
# News: a published item whose mailing was lost (a worker down) is mailed while still news.

JOBS += [mail_published_news]
# Deviations: the handler is reminded once per deadline passed.
JOBS += [send_deviation_reminders]
# Questionnaire: on its opening day each questionnaire goes out once; those who have not
# finished are reminded once on each reminder day, never after closing.

JOBS += [open_questionnaires, send_questionnaire_reminders]
