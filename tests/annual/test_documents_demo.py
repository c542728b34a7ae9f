"""The demo shows the Ahus network's plans and documents on `make run`: the competence plan with
its topics and the meetings that covered them, the action plan due for revision on the home
pages of the secretariat and the working group, the agreement as a PDF, this year's year plan."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindra.accounts.models import User
from lindra.annual import documents
from lindra.annual.documents import send_revision_reminders
from lindra.annual.models import Document
from lindra.demo import data as demo
from lindra.mail.models import OutboxMessage
from lindra.registry.models import Network

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def signed_in(user: demo.DemoUser) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=user.email))
    return client


def ahus() -> Network:
    return Network.objects.get(short_name=demo.AHUS_NETWORK.short_name)


def test_ahus_has_its_plans_and_documents():
    rows = {row.document.kind: row for row in documents.documents_of(ahus())}
    assert set(rows) == set(Document.Kind.values) - {Document.Kind.OTHER}
    assert rows[Document.Kind.COMPETENCE_PLAN].current.body
    agreement = rows[Document.Kind.AGREEMENT].current
    assert bytes(Document.objects.get(kind=Document.Kind.AGREEMENT).versions.get().file).startswith(b"%PDF-")
    assert agreement.filename == "nettverksavtale.pdf"
    assert rows[Document.Kind.YEAR_PLAN].document.year == timezone.localdate().year
    assert [kind for kind, row in rows.items() if row.due] == [Document.Kind.ACTION_PLAN]
    assert {row.document.kind for row in documents.public_documents(ahus())} == {
        Document.Kind.COMPETENCE_PLAN,
        Document.Kind.AGREEMENT,
        Document.Kind.YEAR_PLAN,
    }


def test_the_secretariat_and_the_working_group_are_told_the_action_plan_is_to_be_revised():
    for user in (demo.AHUS_SECRETARIAT, demo.COMMITTEE_MEMBER):
        home = signed_in(user).get(reverse("home:home")).text
        assert "Dokumenter som skal revideres" in home and "Strategi- og handlingsplan" in home, user
    assert "Dokumenter som skal revideres" not in signed_in(demo.MEMBER).get(reverse("home:home")).text
    assert send_revision_reminders() == 1
    [reminder] = OutboxMessage.objects.filter(kind="document_revision_due")
    assert demo.COMMITTEE_MEMBER.email in reminder.to


def test_the_competence_plan_shows_the_meetings_that_covered_its_topics():
    plan = Document.objects.get(network=ahus(), kind=Document.Kind.COMPETENCE_PLAN)
    page = signed_in(demo.AHUS_SECRETARIAT).get(plan.get_absolute_url()).text
    assert "Smertelindring" in page and "Ingen møter er knyttet til temaet ennå." not in page
    coverage = documents.coverage_of(ahus(), timezone.localdate().year - 1, timezone.localdate().year)
    assert len(coverage.groups) == 6 and sum(coverage.counts.values()) > 0
