"""The network's plans and documents in the browser's requests: who reads and who changes them,
new documents and versions uploaded or written, bad files and bad dates refused with what was
typed kept, two people saving at once, earlier versions downloadable, the revision tag, the
function descriptions beside, and the public download."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindra.annual import documents
from lindra.annual.models import Document, DocumentVersion, PublicPage
from lindra.core.models import AuditEvent
from tests import factories as f
from tests.annual.conftest import document, docx_of, pdf_of
from tests.development.conftest import description
from tests.personas import World

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 3, 3)


@pytest.fixture(autouse=True)
def _on_a_day_in_march():
    with time_machine.travel(dt.datetime(2027, 3, 3, 10, 0), tick=False):
        yield


def _list(pk: int) -> str:
    return reverse("annual:network_documents", args=[pk])


def _new(pk: int) -> str:
    return reverse("annual:document_new", args=[pk])


def _form(**values) -> dict:
    return {
        "kind": Document.Kind.AGREEMENT,
        "title": "Nettverksavtale",
        "year": "",
        "body": "",
        "approved_on": "2027-02-01",
        "approved_by_text": "Samarbeidsutvalget",
        "next_revision_on": "2029-02-01",
        **values,
    }


def _pdf(name: str = "avtale.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else pdf_of("Nettverksavtale"), "application/pdf")


# --- Who reads, who changes ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretariat", "committee_member", "group_leader", "member", "nearest_leader"])
def test_everyone_with_a_part_in_the_network_reads_and_downloads_the_documents(world: World, client_as, role):
    plan = document(world.network_a)
    client = client_as(role)
    page = client.get(_list(world.network_a.pk))
    assert page.status_code == 200
    assert "Strategi- og handlingsplan" in page.text
    assert client.get(plan.get_absolute_url()).status_code == 200
    download = client.get(reverse("annual:version_download", args=[plan.versions.get().pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")


@pytest.mark.parametrize("role", ["other_secretariat"])
def test_another_network_gets_not_found_for_every_page(world: World, client_as, role):
    plan = document(world.network_a)
    client = client_as(role)
    for url in [
        _list(world.network_a.pk),
        plan.get_absolute_url(),
        reverse("annual:version_download", args=[plan.versions.get().pk]),
        reverse("annual:coverage", args=[world.network_a.pk]),
        _new(world.network_a.pk),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("annual:version_new", args=[plan.pk]), {"body": "x"}).status_code == 404


@pytest.mark.parametrize("role", ["committee_member", "group_leader", "member", "nearest_leader"])
def test_those_outside_the_working_group_may_not_change_them(world: World, client_as, role):
    plan = document(world.network_a)
    client = client_as(role)
    assert client.get(_new(world.network_a.pk)).status_code == 403
    assert client.post(_new(world.network_a.pk), _form(body="Avtale.")).status_code == 403
    assert client.post(reverse("annual:version_new", args=[plan.pk]), {"body": "Ny.", "version": 1}).status_code == 403
    assert client.post(reverse("annual:document_edit", args=[plan.pk]), {"title": "X", "version": 1}).status_code == 403
    page = client.get(plan.get_absolute_url()).text
    assert "Ny versjon" not in page and "Nytt dokument" not in client.get(_list(world.network_a.pk)).text
    assert plan.versions.count() == 1 and not Document.objects.exclude(pk=plan.pk).exists()


def test_a_member_of_the_working_group_writes_a_new_version(world: World, client_as, working_group):
    plan = document(world.network_a)
    client = client_as("group_leader")
    assert "Ny versjon" in client.get(plan.get_absolute_url()).text
    response = client.post(
        reverse("annual:version_new", args=[plan.pk]),
        {"body": "Revidert plan.", "approved_on": "2027-03-01", "approved_by_text": "Styringsgruppen", "version": 1},
    )
    assert response.status_code == 302
    newest = plan.versions.order_by("-number").first()
    assert (newest.number, newest.body, newest.made_by) == (2, "Revidert plan.", world.user("group_leader"))
    event = AuditEvent.objects.filter(object_id=str(plan.pk)).latest("pk")
    assert event.changes["versions"]["v2"]["approved_on"] == "2027-03-01"


def test_a_closed_working_group_no_longer_changes_them(world: World, client_as, working_group):
    working_group.closed_on = TODAY - dt.timedelta(days=1)
    working_group.save()
    assert client_as("group_leader").get(_new(world.network_a.pk)).status_code == 403


# --- New documents and versions -----------------------------------------------------------------


def test_the_secretariat_uploads_the_network_agreement_as_a_pdf(world: World, client_as):
    client = client_as("secretariat")
    response = client.post(_new(world.network_a.pk), {**_form(public="on"), "file": _pdf("Avtale 2027.PDF")})
    [agreement] = Document.objects.all()
    assert response["Location"] == agreement.get_absolute_url()
    version = agreement.versions.get()
    assert (version.filename, version.content_type) == ("Avtale 2027.pdf", "application/pdf")
    assert (agreement.public, version.approved_by_text) == (True, "Samarbeidsutvalget")
    download = client.get(reverse("annual:version_download", args=[version.pk]))
    assert bytes(download.content) == pdf_of("Nettverksavtale")
    assert download["Content-Disposition"].startswith("attachment;")
    page = client.get(_list(world.network_a.pk)).text
    assert "Nettverksavtale" in page and "Versjon 1" in page and "1. februar 2027" in page


def test_a_word_file_is_kept_as_word_whatever_it_is_called(world: World, client_as):
    client = client_as("secretariat")
    upload = SimpleUploadedFile("handlingsplan.pdf", docx_of("Handlingsplan"), "application/pdf")
    client.post(
        _new(world.network_a.pk), {**_form(kind=Document.Kind.ACTION_PLAN, title="Handlingsplan"), "file": upload}
    )
    version = DocumentVersion.objects.get()
    assert version.filename == "handlingsplan.docx"
    assert version.content_type.endswith("wordprocessingml.document")


def test_a_written_document_is_shown_and_downloads_as_a_pdf(world: World, client_as):
    client = client_as("secretariat")
    body = "Kompetanseplanen for 2027.\n\nTemaene er smertelindring og samtaler."
    client.post(_new(world.network_a.pk), _form(kind=Document.Kind.COMPETENCE_PLAN, title="Kompetanseplan", body=body))
    version = DocumentVersion.objects.get()
    page = client.get(version.document.get_absolute_url()).text
    assert "Temaene er smertelindring og samtaler." in page
    download = client.get(reverse("annual:version_download", args=[version.pk]))
    assert download.content.startswith(b"%PDF-")
    assert 'filename="kompetanseplan-v1.pdf"' in download["Content-Disposition"]


# Each run builds its file anew: a file read by one run is empty to the next.
@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("avtale.pdf", b"MZ\x90\x00 this is a program", "application/pdf", "verken en PDF"),
        ("avtale.docx", b"PK\x03\x04 not a zip at all", "application/zip", "verken en PDF"),
        ("avtale.pdf", b"%PDF-1.7\n cut off", "application/pdf", "verken en PDF"),
        ("avtale.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024) + b"%%EOF", "text/plain", "større enn 10 MB"),
    ],
)
def test_a_bad_file_is_refused_and_what_was_typed_is_kept(
    world: World, client_as, name, content, content_type, message
):
    upload = SimpleUploadedFile(name, content, content_type)
    response = client_as("secretariat").post(
        _new(world.network_a.pk), {**_form(title="Avtale med kommunene"), "file": upload}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors["file"])
    assert 'value="Avtale med kommunene"' in response.text and 'value="Samarbeidsutvalget"' in response.text
    assert not Document.objects.exists()


def test_neither_file_nor_text_is_refused(world: World, client_as):
    response = client_as("secretariat").post(_new(world.network_a.pk), _form())
    assert response.status_code == 400
    assert "Last opp en fil, eller skriv teksten i Lindra." in response.context["form"].errors["body"]


def test_an_approval_in_the_future_is_refused_and_the_text_kept(world: World, client_as):
    response = client_as("secretariat").post(
        _new(world.network_a.pk), _form(body="Avtalen mellom partene.", approved_on="2027-03-04")
    )
    assert response.status_code == 400
    assert "kan ikke være fram i tid" in " ".join(response.context["form"].errors["approved_on"])
    assert "Avtalen mellom partene." in response.text
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"next_revision_on": "2027-01-01"}, "next_revision_on", "etter datoen det ble godkjent"),
        ({"approved_by_text": ""}, "approved_by_text", "Skriv hvem som godkjente"),
        ({"approved_on": "1. mars"}, "approved_on", ""),
        ({"year": "27"}, "year", "Skriv et år etter 2000."),
        ({"title": ""}, "title", "Skriv tittelen"),
    ],
)
def test_bad_input_is_shown_beside_its_field(world: World, client_as, values, field, message):
    response = client_as("secretariat").post(_new(world.network_a.pk), _form(body="Teksten.", **values))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert "Teksten." in response.text


def test_a_draft_waits_beside_the_version_in_force(world: World, client_as):
    plan = document(world.network_a)
    client = client_as("secretariat")
    client.post(reverse("annual:version_new", args=[plan.pk]), {"body": "Utkast til ny plan.", "version": 1})
    row = documents.document_row(plan)
    assert (row.current.number, row.newest.number, row.draft.number) == (1, 2, 2)
    page = client.get(_list(world.network_a.pk)).text
    assert "utkast v2" in page and "Versjon 1" in page


def test_earlier_versions_stay_and_download_as_they_were(world: World, client_as):
    plan = document(world.network_a)
    client = client_as("secretariat")
    url = reverse("annual:version_new", args=[plan.pk])
    client.post(url, {"file": _pdf(), "approved_on": "2027-03-01", "approved_by_text": "Styringsgruppen", "version": 1})
    first, second = plan.versions.order_by("number")
    assert first.body == "Versjon 1 av planen." and bytes(second.file) == pdf_of("Nettverksavtale")
    assert client.get(reverse("annual:version_download", args=[first.pk])).content.startswith(b"%PDF-")
    page = client.get(plan.get_absolute_url()).text
    assert "Versjon 2" in page and "Versjon 1" in page and "gjeldende" in page


def test_two_saving_at_once_the_second_is_told_and_keeps_what_was_typed(world: World, client_as, working_group):
    plan = document(world.network_a)
    url = reverse("annual:version_new", args=[plan.pk])
    first = client_as("secretariat").post(url, {"body": "Siris versjon.", "version": 1})
    assert first.status_code == 302
    second = client_as("group_leader").post(url, {"body": "Gunnars versjon.", "version": 1})
    assert second.status_code == 400
    assert "endret av noen andre i mellomtiden" in second.text
    assert "Gunnars versjon." in second.text
    assert plan.versions.count() == 2
    # Saving again, having seen the message, is deliberate.
    again = client_as("group_leader").post(url, second.context["form"].data)
    assert again.status_code == 302 and plan.versions.count() == 3


def test_the_title_and_the_public_mark_change_with_the_same_care(world: World, client_as):
    plan = document(world.network_a)
    url = reverse("annual:document_edit", args=[plan.pk])
    client = client_as("secretariat")
    assert client.post(url, {"title": "Handlingsplan 2027–2029", "public": "on", "version": 1}).status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.public, plan.version) == ("Handlingsplan 2027–2029", True, 2)
    stale = client.post(url, {"title": "Noe annet", "version": 1})
    assert stale.status_code == 400 and "endret av noen andre" in stale.text
    plan.refresh_from_db()
    assert plan.title == "Handlingsplan 2027–2029"


# --- The list -----------------------------------------------------------------------------------


def test_the_list_tags_what_is_past_its_revision_and_lists_the_function_descriptions(world: World, client_as):
    document(world.network_a, title="Handlingsplan", versions=({"next_revision_on": dt.date(2027, 3, 1)},))
    document(
        world.network_a,
        kind=Document.Kind.YEAR_PLAN,
        title="Årsplan",
        versions=({"next_revision_on": dt.date(2028, 1, 1)},),
    )
    description(world.network_a, title="Funksjon og ansvar for ressurssykepleiere")
    secretariat = client_as("secretariat").get(_list(world.network_a.pk)).text
    assert secretariat.count("revisjon forfalt") == 1
    assert "Funksjon og ansvar for ressurssykepleiere" in secretariat
    assert reverse("development:function_descriptions", args=[world.network_a.pk]) in secretariat
    member = client_as("member").get(_list(world.network_a.pk)).text
    assert "Funksjon og ansvar for ressurssykepleiere" in member
    assert reverse("development:function_descriptions", args=[world.network_a.pk]) not in member


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_documents(world: World, n: int) -> None:
    for i in range(n):
        document(world.network_a, title=f"Plan {i}", versions=({}, {"next_revision_on": dt.date(2027, 1, 1)}, {}))
        description(world.network_a, title=f"Beskrivelse {i}")


def test_the_list_and_a_document_take_as_many_queries_for_many_as_for_few(world: World, client_as):
    client = client_as("secretariat")
    _more_documents(world, 3)
    plan = Document.objects.first()
    few = _queries(client, _list(world.network_a.pk)), _queries(client, plan.get_absolute_url())
    _more_documents(world, 3)
    for _n in range(3):
        DocumentVersion.objects.create(document=plan, number=plan.versions.count() + 1, body="Ny.")
    assert (_queries(client, _list(world.network_a.pk)), _queries(client, plan.get_absolute_url())) == few


# --- The public download ------------------------------------------------------------------------


def _public(world: World, **flags) -> PublicPage:
    return PublicPage.objects.create(
        network=world.network_a, slug="klb-vestland", **{"published": True, "show_documents": True, **flags}
    )


def test_a_public_document_is_downloaded_by_anyone_in_its_newest_approved_version(world: World, client):
    _public(world)
    plan = document(world.network_a, public=True, versions=({}, {"body": "Versjon to."}, {"approved_on": None}))
    response = client.get(reverse("annual:public_document", args=["klb-vestland", plan.pk]))
    assert response.status_code == 200
    assert 'filename="strategi--og-handlingsplan-v2.pdf"' in response["Content-Disposition"]
    assert [row.document for row in documents.public_documents(world.network_a)] == [plan]


@pytest.mark.parametrize(
    "case", ["not public", "page closed", "documents hidden", "no approved version", "another network"]
)
def test_otherwise_the_public_download_is_not_found(world: World, client, case):
    _public(world, published=case != "page closed", show_documents=case != "documents hidden")
    network = world.network_b if case == "another network" else world.network_a
    versions = ({"approved_on": None, "approved_by_text": ""},) if case == "no approved version" else ({},)
    plan = document(network, public=case != "not public", versions=versions)
    assert client.get(reverse("annual:public_document", args=["klb-vestland", plan.pk])).status_code == 404
    assert client.get(reverse("annual:public_document", args=["ingen-slik", plan.pk])).status_code == 404


def test_no_document_of_another_network_is_listed_as_public(world: World):
    f.group(world.network_b, "Voss")
    document(world.network_b, public=True)
    assert documents.public_documents(world.network_a) == []


def test_a_file_and_a_text_at_once_is_refused_and_the_text_kept(world: World, client_as):
    response = client_as("secretariat").post(_new(world.network_a.pk), {**_form(body="Avtaleteksten."), "file": _pdf()})
    assert response.status_code == 400
    assert "ikke begge" in " ".join(response.context["form"].errors["body"])
    assert "Avtaleteksten." in response.text and not Document.objects.exists()
