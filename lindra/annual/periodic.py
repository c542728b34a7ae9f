"""The annual cycle's periodic jobs."""

JOBS: list = []

# News: a published item whose mailing was lost (a worker down) is mailed while still news.
from lindra.annual.news import mail_published_news  # noqa: E402

JOBS += [mail_published_news]
