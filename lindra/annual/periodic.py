"""The annual cycle's periodic jobs."""

JOBS: list = []

# Documents: the working group is reminded once when a document's next revision is due.
from lindra.annual.documents import send_revision_reminders  # noqa: E402

JOBS += [send_revision_reminders]
