"""People over time's periodic jobs."""

from lindra.development.courses import tell_when_intro_course_due
from lindra.development.onboarding import send_welcome_letters

JOBS: list = []

# Courses: the committee and the secretariat are told once when an intro course is due.
JOBS += [tell_when_intro_course_due]

# Onboarding: each new membership's welcome letter, once.
JOBS += [send_welcome_letters]
