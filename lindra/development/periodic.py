"""People over time's periodic jobs."""

JOBS: list = []
