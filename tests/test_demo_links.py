"""Every link a demo user is shown leads somewhere that user may go.

Signed in as each demo user, starting from the home page, follow every link on every page
reached, as someone trying Lindra would, and fail on any link that answers that user with
403, 404, 405 or a server error. A link to a page the user may not open is a dead end to
them, whatever the access rules say about the page itself.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from lindra.accounts.models import User
from lindra.demo import data as demo
from tests.fuzzing import templates_unrecorded

# Links that are not Lindra's pages: static files, and Django's admin, which the system
# administrator alone opens and which is not for the networks' users.
NOT_PAGES = ("/static/", "/admin/")
# Pages of one kind about more objects than this are alike: a member list of 300 people
# links 300 person pages built by the same view from the same kind of row. Every link
# about an object the crawl takes (each year of one member's attendance, say) is followed.
OBJECTS_PER_VIEW = 2
# Links about one object (its years, its pages of a list) beyond this many lead on to more of
# the same: a calendar's "next month" never ends.
LINKS_PER_OBJECT = 30


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_on(page_url: str, html: str) -> list[str]:
    """The site's own links on a page, absolute paths without fragments."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url, _fragment = urldefrag(urljoin(page_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue  # mailto:, tel:, other sites
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path and not path.startswith(NOT_PAGES):
            found.append(path)
    return found


def view_and_object(path: str) -> tuple[str, str]:
    """The view a link opens, and the object it is about (its first argument)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path, ""
    arguments = [*match.args, *match.kwargs.values()]
    return match.view_name, str(arguments[0]) if arguments else ""


def crawl(client: Client) -> tuple[dict[str, tuple[int, str]], int]:
    """Follows every link from the home page; returns the dead ends, {link: (status, the
    page it was on)}, and how many pages were opened."""
    seen: set[str] = {"/"}
    objects: dict[str, set[str]] = {}
    links_about: dict[tuple[str, str], int] = {}
    queue: deque[tuple[str, str]] = deque([("/", "")])
    dead: dict[str, tuple[int, str]] = {}
    opened = 0
    while queue:
        path, found_on = queue.popleft()
        response = client.get(path, follow=True)
        opened += 1
        if response.status_code != 200:
            dead[path] = (response.status_code, found_on)
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # a PDF, a spreadsheet, a calendar file: it opened, and links nowhere
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        for link in links_on(final, response.content.decode()):
            if link in seen:
                continue
            seen.add(link)
            view, about = view_and_object(link)
            taken = objects.setdefault(view, set())
            if about not in taken and len(taken) >= OBJECTS_PER_VIEW:
                continue
            taken.add(about)
            links_about[view, about] = links_about.get((view, about), 0) + 1
            if links_about[view, about] <= LINKS_PER_OBJECT:
                queue.append((link, path))
    return dead, opened


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


@pytest.mark.parametrize("demo_user", demo.DEMO_USERS, ids=lambda user: user.email.split("@")[0])
def test_every_link_a_demo_user_is_shown_opens_for_them(demo_user):
    client = Client()
    client.force_login(User.objects.get(email=demo_user.email))
    with templates_unrecorded():  # the crawl reads only statuses and links
        dead, opened = crawl(client)
    assert opened > 10, "the crawl should reach the pages of the role"
    assert not dead, "\n".join(f"{status} {link} (linked from {on})" for link, (status, on) in sorted(dead.items()))
