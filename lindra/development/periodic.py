"""People over time's periodic jobs."""

from lindra.development.onboarding import send_welcome_letters

JOBS: list = []

# Onboarding: each new membership's welcome letter, once.
JOBS += [send_welcome_letters]
