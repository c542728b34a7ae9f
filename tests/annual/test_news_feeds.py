"""The Atom feeds: the network's public news, for anyone, and a person's own news behind a
signed token. Parsed as XML, as a feed reader would."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from lindra.annual import news
from lindra.annual.models import NewsItem, PublicPage
from tests.annual.conftest import post_news

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    return feed


def titles(feed: ET.Element) -> list[str]:
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    return [entry.find(f"{ATOM}title").text for entry in entries]


def open_page(world, **fields) -> PublicPage:
    return PublicPage.objects.create(
        network=world.network_a, slug="klb-vestland", published=True, show_news=True, **fields
    )


def test_the_public_feed_has_the_public_news_only(world):
    open_page(world)
    post_news(world, title="Åpen fagdag", public=True)
    post_news(world, title="Internt", public=False)
    post_news(world, title="Åpent utkast", public=True, publish=False)

    feed = parse(Client().get("/offentlig/klb-vestland/nyheter.atom"))

    assert titles(feed) == ["Åpen fagdag"]
    [entry] = feed.findall(f"{ATOM}entry")
    item = NewsItem.objects.get(title="Åpen fagdag")
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/offentlig/klb-vestland/#nyhet-{item.pk}"
    assert entry.find(f"{ATOM}summary").text == "Sett av dagen."


@pytest.mark.parametrize(("published", "show_news"), [(False, True), (True, False)])
def test_there_is_no_public_feed_unless_the_page_is_open_and_shows_news(world, published, show_news):
    PublicPage.objects.create(network=world.network_a, slug="klb-vestland", published=published, show_news=show_news)
    post_news(world, public=True)
    assert Client().get("/offentlig/klb-vestland/nyheter.atom").status_code == 404


def test_the_personal_feed_has_the_published_news_meant_for_the_person(world):
    post_news(world, groups=[world.group_a1], title="Til sentrum")
    post_news(world, groups=[world.group_a2], title="Til Åsane")
    post_news(world, title="Til alle")
    post_news(world, title="Utkast", publish=False)

    mona = titles(parse(Client().get(f"/nyheter/feed/{news.feed_token(world.person('member'))}.atom")))
    siri = titles(parse(Client().get(f"/nyheter/feed/{news.feed_token(world.person('secretariat'))}.atom")))
    lars = titles(parse(Client().get(f"/nyheter/feed/{news.feed_token(world.person('nearest_leader'))}.atom")))

    assert sorted(mona) == ["Til alle", "Til sentrum"]
    assert sorted(siri) == ["Til alle", "Til sentrum", "Til Åsane"]
    assert lars == []


def test_a_forged_feed_token_finds_nothing(world):
    token = news.feed_token(world.person("member"))
    other = str(world.person("other_member").pk)
    forged = other + token[token.index(":") :]
    assert Client().get(f"/nyheter/feed/{forged}.atom").status_code == 404
