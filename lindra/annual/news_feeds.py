"""Atom feeds of news: a network's public news, for anyone, and a person's own news, behind a
signed token in the address (for feed readers, which cannot sign in)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from lindra.annual import news, public_pages
from lindra.annual.models import NewsItem

IN_FEED = 30


class _NewsFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.body

    def item_pubdate(self, item: NewsItem):
        return item.published_at

    def item_updateddate(self, item: NewsItem):
        return item.updated_at

    def item_author_name(self, item: NewsItem) -> str:
        return str(item.committee or item.network.short_name)


class PublicNewsFeed(_NewsFeed):
    """A network's news marked public, when its public page is open and shows news."""

    def get_object(self, request, slug: str):
        page = public_pages.published_page(slug)
        if page is None or not page.show_news:
            raise Http404(slug)
        return page

    def title(self, page) -> str:
        return _("Nyheter fra %(network)s") % {"network": page.network.name}

    def link(self, page) -> str:
        return reverse("annual:public_page", args=[page.slug])

    def subtitle(self, page) -> str:
        return _("Offentlige nyheter fra kompetansenettverket.")

    def items(self, page):
        return public_news(page)[:IN_FEED]

    def item_link(self, item: NewsItem) -> str:
        return reverse("annual:public_page", args=[item.network.public_page.slug]) + f"#nyhet-{item.pk}"


def public_news(page):
    return public_pages.public_news(page.network).select_related("network__public_page")


class PersonalNewsFeed(_NewsFeed):
    """The published news meant for the person whose token is in the address."""

    def get_object(self, request, token: str):
        person = news.person_for_feed_token(token)
        if person is None:
            raise Http404("news feed")
        return person

    def title(self, person) -> str:
        return _("Lindra: nyheter til %(name)s") % {"name": person.full_name}

    def link(self, person) -> str:
        return reverse("home:home")

    def subtitle(self, person) -> str:
        return _("Nyheter fra nettverkene dine.")

    def items(self, person):
        audience = news.audience_of_person(person, timezone.localdate())
        items = news.visible_news(audience).filter(published_at__isnull=False).select_related("network", "committee")
        return items[:IN_FEED]

    def item_link(self, item: NewsItem) -> str:
        return item.get_absolute_url()
