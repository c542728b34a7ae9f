"""The annual cycle's periodic jobs."""

from lindra.annual.deviations import send_deviation_reminders

JOBS: list = []

# Deviations: the handler is reminded once per deadline passed.
JOBS += [send_deviation_reminders]
