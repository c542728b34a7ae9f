"""The minutes as documents: a PDF a secretariat would send (WeasyPrint, read back with
pdftotext and looked at as an image with pdftoppm), and a Word document from Lindra's default
template or from the network's own uploaded .docx template (docxtpl), read back with python-docx."""

import dataclasses
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from docx import Document
from PIL import Image

from lindra.meetings import minutes as service
from lindra.meetings import minutes_documents as documents
from lindra.meetings.models import Meeting, Minutes, MinutesTemplate
from tests.documents import docx_text, pdf_text
from tests.meetings.test_minutes import hold

pytestmark = pytest.mark.django_db

CONTENT = {
    "part1": "Runde rundt bordet: alle delte erfaringer med smertepumper.\n\n"
    "Nytt fra driftsgruppen: fagdagen blir i oktober.",
    "part2": "Hanne Hjelp gikk gjennom opioidrotasjon & doser.\nSpørsmål om <subkutan> tilførsel.",
    "agreements": "Mona sjekker rutinen for pumper innen neste møte.\nNeste møte 2. juni på Årstad.",
}
FACTS_IN_EVERY_DOCUMENT = [
    "Gruppemøte om smertelindring",
    "Kompetansenettverk for lindrende behandling i Vestland",
    "Bergen sentrum",
    "Løvåsen sykehjem, møterom 2",
    "Aina Arrangør",
    "Mona Medlem",
    "Kari Nordmann",
    "Per Hansen",
    "Gerd Gjest",
    "Smertelindring i livets sluttfase",
    "Smertelindring",
    "smertepumper",
    "opioidrotasjon & doser",
    "<subkutan>",
    "Neste møte 2. juni på Årstad.",
]


@pytest.fixture
def held(world) -> Meeting:
    return hold(world)


@pytest.fixture
def minutes(held) -> Minutes:
    record = service.minutes_for(held)
    Minutes.objects.filter(pk=record.pk).update(**CONTENT)
    record.refresh_from_db()
    record.meeting = held
    return record


# The PDF ------------------------------------------------------------------------------------


def test_the_pdf_has_the_heading_facts_attendance_both_parts_and_agreements(minutes, tmp_path):
    text = pdf_text(documents.render_pdf(minutes), tmp_path)
    flat = " ".join(text.split())
    for fact in FACTS_IN_EVERY_DOCUMENT:
        assert " ".join(fact.split()) in flat, fact
    for heading in ["Referat", "Til stede (2)", "Meldt forfall (2)", "Gjester på del 2", "Del 1: Erfaringsutveksling"]:
        assert heading in flat, heading
    assert "Del 2: Faglig påfyll: Smertelindring i livets sluttfase" in flat
    assert "Avtaler og oppfølging" in flat and "Referent: Mona Medlem" in flat
    assert "Utkast – ikke godkjent" in flat  # a draft says so
    assert "Ola Uteblitt" not in flat  # absent without notice: not named in what goes to everyone
    assert "Side 1 av" in flat


def test_the_pdf_looks_like_a_document_a_secretariat_would_send(minutes, tmp_path):
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.APPROVED, approved_at=timezone.now())
    minutes.refresh_from_db()
    minutes.meeting = Meeting.objects.get(pk=minutes.meeting_id)
    (tmp_path / "referat.pdf").write_bytes(documents.render_pdf(minutes))
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "referat.pdf"), str(tmp_path / "side")], check=True)
    pages = sorted(tmp_path.glob("side*.png"))
    keep = Path("/tmp/lindra-minutes")
    keep.mkdir(exist_ok=True)
    for number, png in enumerate(pages, 1):
        shutil.copy(png, keep / f"referat-side-{number}.png")
    first = pages[0]
    with Image.open(first) as image:
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01  # A4, upright
        grey = image.convert("L")
        # The heading's blue rule and text at the top, white margins at the sides.
        assert grey.crop((0, 0, 30, height)).getextrema()[0] > 240
        assert grey.crop((40, 20, width - 40, height // 4)).getextrema()[0] < 100


def test_the_pdf_download_names_the_meeting(minutes, client_as):
    response = client_as("group_leader").get(reverse("meetings:minutes_pdf", args=[minutes.meeting_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "referat-" in response["Content-Disposition"]


# The Word document --------------------------------------------------------------------------


def test_the_default_word_document_has_the_facts(minutes):
    text = docx_text(documents.render_docx(minutes))
    for fact in FACTS_IN_EVERY_DOCUMENT:
        assert fact in text, fact
    assert "Til stede" in text and "Meldt forfall" in text and "Avtaler og oppfølging" in text
    assert "Utkast – ikke godkjent av sekretariatet." in text
    assert "Ola Uteblitt" not in text
    assert "{{" not in text and "{%" not in text


def test_the_default_word_document_lists_one_name_per_line(minutes):
    document = Document(io.BytesIO(documents.render_docx(minutes)))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Aina Arrangør", "Mona Medlem", "Per Hansen", "Kari Nordmann"]


def custom_template(text: str = "Vårt eget referat fra {{ gruppe }}: {{ tittel }}") -> bytes:
    document = Document()
    document.add_heading("Referat – Helse Bergen-malen", level=1)
    document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Dato", "{{ dato }} kl. {{ tid }}"
    table.cell(1, 0).text, table.cell(1, 1).text = "Til stede", "{{ til_stede }}"
    document.add_paragraph("Forfall: {{ forfall }}. Gjester: {{ gjester }}.")
    document.add_paragraph("{{ referat_del1 }}")
    document.add_paragraph("{{ del2_tittel }} ({{ temaer }}): {{ referat_del2 }}")
    document.add_paragraph("Avtaler: {{ avtaler }}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client, world, content: bytes, name: str = "mal.docx", body: str = "[Del 1]\nNytt fra driftsgruppen:"):
    return client.post(
        reverse("meetings:minutes_template", args=[world.network_a.pk]),
        {"body": body, "docx": SimpleUploadedFile(name, content)},
    )


def test_an_uploaded_template_is_what_the_word_document_is_made_from(world, minutes, client_as):
    response = upload(client_as("secretariat"), world, custom_template(), name="Referatmal Bergen.docx")
    assert response.status_code == 302
    template = MinutesTemplate.objects.get(network=world.network_a)
    assert template.docx_name == "Referatmal Bergen.docx" and template.updated_by == world.user("secretariat")

    response = client_as("group_leader").get(reverse("meetings:minutes_docx", args=[minutes.meeting_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = docx_text(response.content)
    assert "Vårt eget referat fra Bergen sentrum: Gruppemøte om smertelindring" in text
    assert "Referat – Helse Bergen-malen" in text
    assert "Aina Arrangør, Mona Medlem" in text
    assert "Forfall: Per Hansen, Kari Nordmann. Gjester: Gerd Gjest." in text
    assert "Smertelindring i livets sluttfase (Smertelindring)" in text
    assert "Avtaler: Mona sjekker rutinen" in text
    assert "12:00–15:00" in text

    download = client_as("secretariat").get(reverse("meetings:minutes_template_docx", args=[world.network_a.pk]))
    assert download.content == custom_template() or docx_text(download.content) == docx_text(custom_template())
    assert "Referatmal" in download["Content-Disposition"]


def test_the_secretariat_can_go_back_to_lindras_template(world, minutes, client_as):
    client = client_as("secretariat")
    upload(client, world, custom_template())
    response = client.post(
        reverse("meetings:minutes_template", args=[world.network_a.pk]), {"body": "Hei", "use_default": "on"}
    )
    assert response.status_code == 302
    assert not MinutesTemplate.objects.get(network=world.network_a).docx
    assert "Vårt eget referat" not in docx_text(documents.render_docx(minutes))


def test_the_default_template_can_be_downloaded_to_start_from(world, client_as):
    response = client_as("secretariat").get(reverse("meetings:minutes_template_docx", args=[world.network_a.pk]))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "{{ tittel }}" in text and "{{ referat_del1 }}" in text


def test_the_template_page_lists_the_codes(world, client_as):
    text = client_as("secretariat").get(reverse("meetings:minutes_template", args=[world.network_a.pk])).content
    text = text.decode()
    for code in ["tittel", "nettverk", "gruppe", "dato", "til_stede", "forfall", "referat_del1", "avtaler"]:
        assert f"{{{{ {code} }}}}" in text
    assert "Lindras standardmal" in text


def not_a_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hei.txt", "Dette er ingen Word-fil.")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("mal.doc", custom_template(), "endelsen .docx"),
        ("mal.docx", b"%PDF-1.7 ikke word", "ikke et Word-dokument"),
        ("mal.docx", not_a_docx(), "kan ikke lese filen"),
        ("mal.docx", custom_template("Referat fra {{ gruppe "), "feil i en flettekode"),
        ("mal.docx", custom_template("Referat fra {{ gruppenavn }}"), "{{ gruppenavn }}"),
        ("mal.docx", b"PK" + b"0" * (5 * 1024 * 1024 + 1), "større enn 5 MB"),
    ],
)
def test_a_bad_template_is_refused_on_the_file_field_and_the_text_is_kept(world, client_as, name, content, error):
    response = upload(client_as("secretariat"), world, content, name=name, body="Vår egen veiledning, ikke tapt.")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["docx"] and error in errors["docx"][0]
    text = response.content.decode()
    assert 'id="id_docx_error"' in text and "Vår egen veiledning, ikke tapt." in text
    assert not MinutesTemplate.objects.filter(network=world.network_a).exists()


@pytest.mark.parametrize(
    ("role", "status"), [("committee_member", 403), ("group_leader", 404), ("other_secretariat", 404)]
)
def test_only_the_networks_secretariat_changes_the_template(world, client_as, role, status):
    response = upload(client_as(role), world, custom_template())
    assert response.status_code == status
    assert not MinutesTemplate.objects.filter(network=world.network_a).exists()


def test_a_template_cannot_reach_into_lindra(world, client_as):
    sneaky = custom_template("{{ tittel.__class__.__mro__[1].__subclasses__() }}")
    response = upload(client_as("secretariat"), world, sneaky)
    assert response.status_code == 400
    assert "kunne ikke fylles ut" in response.context["form"].errors["docx"][0]
    assert not MinutesTemplate.objects.filter(network=world.network_a).exists()


@pytest.mark.django_db
def test_minutes_sent_before_the_programme_and_the_representative_were_stated_still_read(minutes):
    sent = dataclasses.asdict(documents.facts(minutes.meeting))
    for name in ("programme", "operations_representative", "others_present"):
        del sent[name]
    facts = documents.MinutesFacts.from_json(json.loads(json.dumps(sent, cls=DjangoJSONEncoder)))
    assert (facts.programme, facts.operations_representative, facts.others_present) == ("", "", ())
    assert facts.attended == documents.facts(minutes.meeting).attended
