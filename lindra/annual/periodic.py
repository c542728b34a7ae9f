"""The annual cycle's periodic jobs."""

JOBS: list = []
