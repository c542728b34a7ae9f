"""Posting and reading news: who posts, who edits, who reads which item; drafts, bad input and
someone else's save; the home page and the network's list, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lindra.annual.models import NewsItem
from lindra.core.models import AuditEvent
from tests.annual.conftest import post_news

pytestmark = pytest.mark.django_db


def new_url(world) -> str:
    return f"/nettverk/{world.network_a.pk}/nyheter/ny/"


def form(**fields) -> dict:
    return {"title": "Fagdag 12. mars", "body": "Sett av dagen.", "handling": "publiser", "version": 0} | fields


# --- Posting ----------------------------------------------------------------------------------


def test_the_secretariat_posts_news_to_a_group_and_it_is_published(world, client_as):
    response = client_as("secretariat").post(new_url(world), form(local_groups=[world.group_a1.pk]))

    item = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/nyheter/{item.pk}/"
    assert item.published_at is not None
    assert list(item.local_groups.all()) == [world.group_a1]
    assert item.written_by == world.user("secretariat")
    assert AuditEvent.objects.filter(object_type="annual.NewsItem", action="created").count() == 1
    page = client_as("secretariat").get(f"/nyheter/{item.pk}/")
    assert "Til Bergen sentrum" in page.text


def test_a_committee_member_posts_from_the_committee_as_a_draft(world, client_as):
    client = client_as("committee_member")
    response = client.post(new_url(world), form(committee=world.committee_a.pk, handling="utkast"))

    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.published_at is None and item.committee == world.committee_a
    assert "utkast" in client.get(f"/nettverk/{world.network_a.pk}/nyheter/").text


@pytest.mark.parametrize("role", ["group_leader", "host", "member", "other_member"])
def test_others_in_the_network_may_not_post_and_are_told(world, client_as, role):
    response = client_as(role).post(new_url(world), form())
    assert response.status_code == 403
    assert not NewsItem.objects.exists()


@pytest.mark.parametrize("role", ["nearest_leader", "other_secretariat"])
def test_those_outside_the_network_do_not_find_it(world, client_as, role):
    assert client_as(role).post(new_url(world), form()).status_code == 404


def test_a_committee_member_may_not_post_from_another_committee(world, client_as):
    from tests import factories as f

    other = f.committee(world.network_a, "Arbeidsgruppen", kind="arbeidsgruppe")
    response = client_as("committee_member").post(new_url(world), form(committee=other.pk, body="Tekst jeg skrev"))
    assert response.status_code == 400
    assert "Tekst jeg skrev" in response.text
    assert not NewsItem.objects.exists()


def test_bad_input_keeps_what_was_typed(world, client_as):
    response = client_as("secretariat").post(
        new_url(world), form(title="", body="Teksten jeg skrev", local_groups=[world.group_a2.pk])
    )
    assert response.status_code == 400
    assert "Teksten jeg skrev" in response.text
    assert f'value="{world.group_a2.pk}" id="id_local_groups_1" checked>' in response.text
    assert 'aria-invalid="true" aria-describedby="id_title_error" id="id_title"' in response.text
    assert not NewsItem.objects.exists()


def test_a_group_of_another_network_cannot_be_chosen(world, client_as):
    response = client_as("secretariat").post(new_url(world), form(local_groups=[world.group_b1.pk]))
    assert response.status_code == 400
    assert not NewsItem.objects.exists()


# --- Editing ----------------------------------------------------------------------------------


def test_someone_elses_save_in_between_is_told_and_what_was_typed_stays(world, client_as):
    item = post_news(world, publish=False, committee=world.committee_a)
    stale = item.version
    client_as("secretariat").post(
        f"/nyheter/{item.pk}/endre/",
        form(title="Først", handling="utkast", version=stale, committee=world.committee_a.pk),
    )

    response = client_as("committee_member").post(
        f"/nyheter/{item.pk}/endre/",
        form(title="Min overskrift", handling="utkast", version=stale, committee=world.committee_a.pk),
    )
    assert response.status_code == 400
    assert "Noen andre har lagret nyheten" in response.text
    assert "Min overskrift" in response.text
    item.refresh_from_db()
    assert item.title == "Først"


def test_a_committee_member_edits_the_committees_news_but_not_the_secretariats(world, client_as):
    ours = post_news(world, committee=world.committee_a)
    theirs = post_news(world)
    client = client_as("committee_member")
    assert client.get(f"/nyheter/{ours.pk}/endre/").status_code == 200
    assert client.get(f"/nyheter/{theirs.pk}/endre/").status_code == 403
    assert client_as("member").get(f"/nyheter/{ours.pk}/endre/").status_code == 403


# --- Reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("secretariat", 200),
        ("committee_member", 200),
        ("group_leader", 200),
        ("host", 200),
        ("member", 200),
        ("other_member", 404),
        ("nearest_leader", 404),
        ("other_secretariat", 404),
        ("superuser", 200),
    ],
)
def test_news_to_a_group_is_read_by_those_it_is_for(world, client_as, role, sees):
    item = post_news(world, groups=[world.group_a1])
    assert client_as(role).get(f"/nyheter/{item.pk}/").status_code == sees


@pytest.mark.parametrize("role", ["group_leader", "member", "other_member"])
def test_a_draft_is_for_the_secretariat_and_the_committees_only(world, client_as, role):
    item = post_news(world, publish=False)
    assert client_as(role).get(f"/nyheter/{item.pk}/").status_code == 404
    assert client_as("committee_member").get(f"/nyheter/{item.pk}/").status_code == 200


def test_news_to_the_whole_network_is_read_by_every_group(world, client_as):
    item = post_news(world)
    assert client_as("other_member").get(f"/nyheter/{item.pk}/").status_code == 200


def test_the_home_page_shows_the_newest_news_for_me(world, client_as):
    post_news(world, groups=[world.group_a1], title="Til sentrum")
    post_news(world, groups=[world.group_a2], title="Til Åsane")
    post_news(world, title="Til alle")
    post_news(world, title="Utkastet", publish=False)

    mona = client_as("member").get("/").text
    assert "Til sentrum" in mona and "Til alle" in mona
    assert "Til Åsane" not in mona and "Utkastet" not in mona
    assert "Til sentrum" not in client_as("nearest_leader").get("/").text


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["member", "secretariat", "group_leader"])
def test_the_home_page_and_the_list_take_as_many_queries_with_twice_the_news(world, client_as, role):
    client = client_as(role)
    list_url = f"/nettverk/{world.network_a.pk}/nyheter/"

    def add(n: int) -> None:
        for i in range(n):
            post_news(world, groups=[world.group_a1, world.group_a2], title=f"Nyhet {i}")
            post_news(world, title=f"Til alle {i}", publish=False)

    add(4)
    home, listed = count_queries(client, "/"), count_queries(client, list_url)
    add(8)
    assert count_queries(client, "/") == home
    assert count_queries(client, list_url) == listed


def test_the_network_page_leads_to_the_news_and_the_public_page(world, client_as):
    post_news(world, title="Ny kompetanseplan")
    page = client_as("secretariat").get(f"/nettverk/{world.network_a.pk}/").text
    assert "Ny kompetanseplan" in page and "Skriv en nyhet" in page and "Offentlig side" in page
    member = client_as("committee_member").get(f"/nettverk/{world.network_a.pk}/").text
    assert "Skriv en nyhet" in member and "Offentlig side" not in member


# --- Opting out, signed in --------------------------------------------------------------------


def test_the_member_opts_out_and_in_on_the_page_and_sees_her_feed_address(world, client_as):
    client = client_as("member")
    page = client.get("/nyheter/reservasjon/")
    assert "Ikke send meg nyheter på e-post" in page.text
    assert "/nyheter/feed/" in page.text

    client.post("/nyheter/reservasjon/", {"handling": "reserver"})
    assert "Få nyheter på e-post igjen" in client.get("/nyheter/reservasjon/").text
    client.post("/nyheter/reservasjon/", {"handling": "motta"})
    assert "Ikke send meg nyheter på e-post" in client.get("/nyheter/reservasjon/").text


def test_a_user_without_a_person_is_told_there_is_nothing_to_opt_out_of(world, client_as):
    response = client_as("superuser").post("/nyheter/reservasjon/", {"handling": "reserver"})
    assert response.status_code == 200
    assert "ikke knyttet til en person" in response.text


def test_a_draft_is_deleted_by_its_editors_and_a_published_item_is_not(world, client_as):
    draft = post_news(world, publish=False, committee=world.committee_a)
    published = post_news(world)
    assert client_as("member").post(f"/nyheter/{draft.pk}/slett/").status_code == 404
    assert client_as("group_leader").post(f"/nyheter/{published.pk}/slett/").status_code == 403

    response = client_as("committee_member").post(f"/nyheter/{draft.pk}/slett/")
    assert response.status_code == 302
    assert not NewsItem.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(object_type="annual.NewsItem", action="deleted").count() == 1

    refused = client_as("secretariat").post(f"/nyheter/{published.pk}/slett/", follow=True)
    assert "kan ikke slettes" in refused.text
    assert NewsItem.objects.filter(pk=published.pk).exists()
