"""News's set-up: posting an item as a persona would, through the service."""

from django.utils import timezone

from lindra.annual import news
from lindra.annual.models import NewsItem
from tests.personas import World


def post_news(world: World, *, groups=(), publish: bool = True, by: str = "secretariat", **fields) -> NewsItem:
    values = {"title": "Fagdag i mars", "body": "Sett av dagen.", "committee": None, "public": False} | fields
    return news.save_news(
        NewsItem(network=world.network_a),
        values,
        list(groups),
        publish=publish,
        by=world.user(by),
        expected_version=0,
    )


def published_earlier(world: World, moment, *, groups=(), **fields) -> NewsItem:
    """An item published at `moment` whose mailing never ran (a worker down)."""
    item = NewsItem.objects.create(
        network=world.network_a,
        title=fields.pop("title", "Ny kompetanseplan"),
        body="Planen er vedtatt.",
        published_at=moment,
        updated_at=timezone.now(),
        **fields,
    )
    item.local_groups.set(groups)
    return item
