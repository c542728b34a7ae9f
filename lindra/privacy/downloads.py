"""The two downloads of a person's own data: a readable PDF and a machine-readable JSON file.
Each download is an entry of the audit log."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.core.pdf import pdf_from_html
from lindra.privacy.own_data import FACTS, SECTIONS, own_data


def filename(data: dict, extension: str) -> str:
    person = data.get("person")
    who = f"person-{person['id']}" if person else "konto"
    return f"mine-data-{who}-{timezone.localdate():%Y-%m-%d}.{extension}"


def as_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def as_pdf(data: dict) -> bytes:
    facts = [(section, data[section.key]) for section in FACTS if data.get(section.key)]
    sections = [(section, _shown_columns(section, data[section.key]), data[section.key]) for section in SECTIONS]
    html = render_to_string("privacy/own_data_pdf.html", {"data": data, "facts": facts, "sections": sections})
    return pdf_from_html(html)


def _shown_columns(section, rows: list[dict]) -> tuple[tuple[str, str], ...]:
    """The columns with something in them: a column empty in every row is left out of the PDF."""
    shown = tuple(column for column in section.columns if any(row.get(column[0]) not in (None, "", []) for row in rows))
    return shown or section.columns[:1]


def export_own_data(person, *, user, request, network, kind: str) -> tuple[bytes, str]:
    """The person's data as a file of the kind ("pdf" or "json"), with its name; logged as
    handed out, to the person or to the secretariat of the network on their behalf."""
    with transaction.atomic():
        data = own_data(person, user=user)
        content = as_pdf(data) if kind == "pdf" else as_json(data)
        record(
            AuditAction.EXPORTED,
            request=request,
            obj=person if person is not None else user,
            changes={"format": kind},
            network=network,
        )
    return content, filename(data, kind)
