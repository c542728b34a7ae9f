"""The public page of a network: the secretariat chooses what it shows; anyone reads it without
signing in once it is open; it shows only what was chosen, and of people only names and roles;
the embeddable version may be framed by another site, and only it."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lindra.annual import report_figures
from lindra.annual.models import AnnualReport, Document, DocumentVersion, PublicPage
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import Person, Term
from tests import factories as f
from tests.annual.conftest import post_news

pytestmark = pytest.mark.django_db
EVERYTHING = {
    "show_committees": True,
    "show_documents": True,
    "show_reports": True,
    "show_fagdag": True,
    "show_news": True,
}


def edit_url(world) -> str:
    return f"/nettverk/{world.network_a.pk}/offentlig-side/"


def open_page(world, **fields) -> PublicPage:
    values = {"slug": "klb-vestland", "published": True, "introduction": "Om nettverket."} | fields
    return PublicPage.objects.create(network=world.network_a, **values)


def approved(document: Document) -> Document:
    DocumentVersion.objects.create(document=document, number=1, body="Temaene.", approved_on=dt.date(2026, 6, 1))
    return document


def with_everything(world) -> Meeting:
    """A document, a report, news and a fagdag with someone registered, beside the personas."""
    approved(
        Document.objects.create(
            network=world.network_a, kind="kompetanseplan", title="Kompetanseplan 2027", public=True
        )
    )
    approved(Document.objects.create(network=world.network_a, kind="annet", title="Internt notat", public=False))
    AnnualReport.objects.create(
        network=world.network_a,
        year=2025,
        status="published",
        published_at=timezone.now(),
        published_figures=report_figures.compute(world.network_a, 2025),
    )
    AnnualReport.objects.create(network=world.network_a, year=2026)
    post_news(world, title="Åpen nyhet", public=True)
    post_news(world, title="Intern nyhet")
    day = timezone.localdate() + dt.timedelta(days=60)
    fagdag = f.meeting(
        world.committee_a,
        kind=Meeting.Kind.FAGDAG,
        title="Fagdag om lindring",
        starts_at=f.at(day, 9),
        place="Haukeland",
    )
    Registration.objects.create(meeting=fagdag, person=world.person("member"))
    return fagdag


# --- Editing ----------------------------------------------------------------------------------


def test_the_secretariat_opens_the_page_and_gets_the_embed_code(world, client_as):
    client = client_as("secretariat")
    page = client.get(edit_url(world))
    assert 'value="klb-vestland"' in page.text  # an address from the network's name

    response = client.post(edit_url(world), {"slug": "klb", "published": "on", "show_news": "on", "version": 0})

    assert response.status_code == 302
    saved = PublicPage.objects.get()
    assert saved.published and saved.show_news and not saved.show_committees
    page = client.get(edit_url(world)).text
    assert "/offentlig/klb/innebygd/" in page and "&lt;iframe" in page


@pytest.mark.parametrize(("role", "status"), [("committee_member", 403), ("member", 404), ("other_secretariat", 404)])
def test_others_may_not_edit_the_page(world, client_as, role, status):
    assert client_as(role).post(edit_url(world), {"slug": "klb", "version": 0}).status_code == status
    assert not PublicPage.objects.exists()


def test_bad_input_keeps_what_was_typed(world, client_as):
    response = client_as("secretariat").post(
        edit_url(world), {"slug": "ikke gyldig!", "introduction": "Min tekst", "show_fagdag": "on", "version": 0}
    )
    assert response.status_code == 400
    assert "Min tekst" in response.text
    assert re.search(r'name="show_fagdag"[^>]*checked', response.text)
    assert not PublicPage.objects.exists()


def test_an_address_taken_by_another_network_is_refused_on_the_field(world, client_as):
    PublicPage.objects.create(network=world.network_b, slug="klb")
    response = client_as("secretariat").post(edit_url(world), {"slug": "klb", "version": 0})
    assert response.status_code == 400
    assert "Et annet nettverk har denne adressen" in response.text


def test_someone_elses_save_in_between_is_told(world, client_as):
    page = open_page(world)
    client_as("secretariat").post(edit_url(world), {"slug": "klb-vestland", "version": page.version})
    response = client_as("superuser").post(
        edit_url(world), {"slug": "klb-vestland", "introduction": "Min", "version": page.version}
    )
    assert response.status_code == 400
    assert "Noen andre har lagret siden" in response.text


# --- Reading ----------------------------------------------------------------------------------


def test_an_unpublished_page_is_not_found(world):
    open_page(world, published=False)
    assert Client().get("/offentlig/klb-vestland/").status_code == 404
    assert Client().get("/offentlig/klb-vestland/innebygd/").status_code == 404
    assert Client().get("/offentlig/finnes-ikke/").status_code == 404


def test_the_page_shows_only_what_was_chosen(world):
    with_everything(world)
    open_page(world)
    text = Client().get("/offentlig/klb-vestland/").text
    assert "Om nettverket." in text
    for hidden in ("Kompetanseplan 2027", "Årsrapport 2025", "Åpen nyhet", "Fagdag om lindring", "Ulla Utvalg"):
        assert hidden not in text


def test_with_everything_chosen_it_shows_each_item_and_nothing_internal(world):
    with_everything(world)
    open_page(world, **EVERYTHING)
    text = Client().get("/offentlig/klb-vestland/").text
    for shown in ("Kompetanseplan 2027", "Årsrapport 2025", "Åpen nyhet", "Fagdag om lindring", "Haukeland"):
        assert shown in text
    assert "Ulla Utvalg, medlem av utvalg" in text
    for hidden in ("Internt notat", "Årsrapport 2026", "Intern nyhet", "Mona Medlem"):
        assert hidden not in text


def test_the_public_documents_and_reports_lead_to_their_public_pages(world):
    """Each document listed downloads its version in force, each report opens, for anyone; a
    document without an approved version is not listed."""
    with_everything(world)
    Document.objects.create(network=world.network_a, kind="annet", title="Utkast til avtale", public=True)
    open_page(world, **EVERYTHING)
    visitor = Client()
    text = visitor.get("/offentlig/klb-vestland/").text
    assert "Utkast til avtale" not in text
    links = re.findall(r'href="(/offentlig/klb-vestland/(?:dokumenter|arsrapport)/[^"]+)"', text)
    plan = Document.objects.get(title="Kompetanseplan 2027")
    assert links == [f"/offentlig/klb-vestland/dokumenter/{plan.pk}/", "/offentlig/klb-vestland/arsrapport/2025/"]
    assert all(visitor.get(link).status_code == 200 for link in links)


@pytest.mark.parametrize("url", ["/offentlig/klb-vestland/", "/offentlig/klb-vestland/innebygd/"])
def test_no_e_mail_address_or_phone_number_of_anyone_is_on_the_page(world, url):
    with_everything(world)
    Term.objects.create(
        person=world.person("group_leader"),
        kind=Term.Kind.COMMITTEE_LEADER,
        network=world.network_a,
        committee=world.committee_a,
        starts_on=timezone.localdate(),
    )
    open_page(world, **EVERYTHING)
    text = Client().get(url).text
    assert "Gunnar Gruppeleder" in text
    for person in Person.objects.all():
        assert person.email not in text
        assert person.phone not in text
    addresses = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text))
    assert addresses == {world.network_a.secretariat_email}  # the network's own address only


def test_only_the_embeddable_page_may_be_framed_by_another_site(world):
    open_page(world)
    assert Client().get("/offentlig/klb-vestland/")["X-Frame-Options"] == "DENY"
    embed = Client().get("/offentlig/klb-vestland/innebygd/")
    assert "X-Frame-Options" not in embed
    assert "site-header" not in embed.text and '<base target="_blank">' in embed.text


def test_the_page_takes_as_many_queries_with_twice_the_data(world):
    def add(n: int) -> None:
        for i in range(n):
            committee = f.committee(world.network_a, f"Arbeidsgruppe {len(str(i))}{i}", kind="arbeidsgruppe")
            f.term(f.person(), Term.Kind.COMMITTEE_MEMBER, committee=committee)
            approved(Document.objects.create(network=world.network_a, kind="annet", title=f"Dokument {i}", public=True))
            post_news(world, title=f"Nyhet {i}", public=True)

    open_page(world, **EVERYTHING)
    add(3)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get("/offentlig/klb-vestland/").status_code == 200
        return len(captured)

    few = queries()
    add(6)
    assert queries() == few
