"""The annual cycle's periodic jobs."""

JOBS: list = []

# Questionnaire: on its opening day each questionnaire goes out once; those who have not
# finished are reminded once on each reminder day, never after closing.
from lindra.annual.questionnaires import open_questionnaires, send_questionnaire_reminders  # noqa: E402

JOBS += [open_questionnaires, send_questionnaire_reminders]
