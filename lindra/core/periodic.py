"""The core's periodic job: the query planner's statistics kept up to date on SQLite."""

from lindra.core.sqlite import refresh_statistics

JOBS = [refresh_statistics]
