"""People over time's periodic jobs."""

from lindra.development.courses import tell_when_intro_course_due
from lindra.development.onboarding import send_welcome_letters
from lindra.development.terms import send_leader_term_notices
from lindra.development.workplan_reminders import send_work_plan_reminders

JOBS: list = []

# Courses: the committee and the secretariat are told once when an intro course is due.
JOBS += [tell_when_intro_course_due]

# Onboarding: each new membership's welcome letter, once.
JOBS += [send_welcome_letters]

# Terms: the notice that a new group leader must be chosen, once per term.
JOBS += [send_leader_term_notices]

# Work plans: reminders of a plan or an evaluation missing by the network's due dates.
JOBS += [send_work_plan_reminders]
