"""The documents' set-up: small real files (a PDF, a Word document) and a working group."""

import datetime as dt
import io
from functools import cache

import pytest

from lindra.annual.models import Document, DocumentVersion
from lindra.registry.models import Committee, Term
from tests import factories as f
from tests.development.conftest import pdf_of

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
