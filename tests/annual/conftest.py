"""The annual tests' set-up: small real files (a PDF, a Word document), a working group, and
news posted as a persona would."""

import datetime as dt
import io
from functools import cache

import pytest
from django.utils import timezone

from lindra.annual import news
from lindra.annual.models import Document, DocumentVersion, NewsItem
from lindra.registry.models import Committee, Term
from tests import factories as f
from tests.development.conftest import pdf_of
from tests.personas import World

__all__ = ["pdf_of"]


@cache
def docx_of(text: str) -> bytes:
    from docx import Document as WordDocument

    word = WordDocument()
    word.add_heading(text, level=1)
    word.add_paragraph("Mål og tiltak for året.")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def document(
    network,
    *,
    kind: str = Document.Kind.ACTION_PLAN,
    title: str = "Strategi- og handlingsplan",
    public: bool = False,
    versions: tuple[dict, ...] = ({},),
) -> Document:
    """A document with written versions, numbered from 1; each dict overrides the defaults."""
    made = Document.objects.create(network=network, kind=kind, title=title, public=public)
    for number, values in enumerate(versions, start=1):
        DocumentVersion.objects.create(
            document=made,
            number=number,
            **{
                "body": f"Versjon {number} av planen.",
                "approved_on": dt.date(2025, 6, 1),
                "approved_by_text": "Styringsgruppen",
                **values,
            },
        )
    return made


@pytest.fixture
def working_group(world) -> Committee:
    """Network A's working group, where Gunnar, the group leader, sits."""
    committee = f.committee(world.network_a, "Arbeidsgruppen", kind=Committee.Kind.WORKING)
    f.term(world.person("group_leader"), Term.Kind.COMMITTEE_MEMBER, committee=committee, starts_on=dt.date(2020, 1, 1))
    return committee


# News: posting an item as a persona would, through the service.


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
