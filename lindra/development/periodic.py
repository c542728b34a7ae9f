"""People over time's periodic jobs."""

from lindra.development.workplan_reminders import send_work_plan_reminders

JOBS: list = []

# Work plans: reminders of a plan or an evaluation missing by the network's due dates.
JOBS += [send_work_plan_reminders]
