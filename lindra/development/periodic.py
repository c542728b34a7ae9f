"""People over time's periodic jobs."""

from lindra.development.courses import tell_when_intro_course_due

JOBS: list = [tell_when_intro_course_due]
