"""The demo data has news at Ahus (to the whole network, to one local network, and public), news
to the demo member's group, and Ahus' public page open; none of it is mailed again."""

import pytest
from django.test import Client

from lindra.accounts.models import User
from lindra.annual import news
from lindra.annual.models import NewsItem
from lindra.demo import data as demo
from lindra.mail.models import OutboxMessage
from lindra.registry.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_ahus_has_news_to_the_whole_network_to_a_group_and_in_public():
    items = NewsItem.objects.filter(network__short_name=demo.AHUS_NETWORK.short_name)
    assert items.filter(local_groups=None, public=False).count() == 1
    assert items.filter(local_groups__name="Øvre Romerike").count() == 1
    assert items.filter(public=True).count() == 1
    assert not items.filter(mailed_at=None).exists()


def test_the_member_sees_her_groups_news_and_the_committee_member_the_working_groups():
    assert "Hospitering på palliativ enhet i vår" in signed_in(demo.MEMBER.email).get("/").text
    committee = signed_in(demo.COMMITTEE_MEMBER.email).get("/").text
    assert "Revidert kompetanseplan er vedtatt" in committee and "Nytt møtested i Øvre Romerike" in committee


def test_the_public_page_is_open_and_shows_no_personal_contact_details():
    response = Client().get("/offentlig/ahus-palliasjon/")
    assert response.status_code == 200
    text = response.text
    assert "Påmelding til fagdagen er åpen" in text and "Revidert kompetanseplan" not in text
    assert "Marianne Holm" in text  # in the working group
    for email, phone in Person.objects.filter(terms__committee__network__short_name="Ahus-nettverket").values_list(
        "email", "phone"
    ):
        assert (email or "@@") not in text and (phone or "@@") not in text


def test_the_periodic_job_mails_none_of_the_demo_news():
    before = OutboxMessage.objects.count()
    news.mail_published_news()
    assert OutboxMessage.objects.count() == before
