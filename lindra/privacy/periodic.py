"""Personal data's periodic jobs."""

from lindra.privacy.erasure import anonymise_expired_people

# Retention: an ended member is anonymised once every membership and term ended longer ago
# than the network's retention period (judged by the end dates, so a stop is caught up).
JOBS = [anonymise_expired_people]
