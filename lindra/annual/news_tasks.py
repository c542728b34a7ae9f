"""The annual cycle's background tasks."""

from django.tasks import task

from lindra.annual import news


@task
def mail_news(item_id: int) -> int:
    """Mails a published news item to those it is for (lindra.annual.news)."""
    return news.mail_news(item_id)
