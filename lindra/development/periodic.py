"""People over time's periodic jobs."""

from lindra.development.terms import send_leader_term_notices

JOBS: list = [
    # Terms: the notice that a new group leader must be chosen.
    send_leader_term_notices,
]
