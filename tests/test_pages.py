"""The pages as people see them: in Norwegian, a home page for each role, error pages,
the demo mailbox, and a fixed number of queries whatever the amount of data."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from lindra import settings as settings_module
from lindra import urls as project_urls
from lindra.mail.models import OutboxMessage
from lindra.mail.services import queue_message
from lindra.registry.models import Term
from tests import factories as f
from tests.personas import ROLES

# A URLconf for the error pages: the project's, with a page that refuses and one that breaks.


@login_not_required
def _refuses(request):
    raise PermissionDenied("test")


@login_not_required
def _breaks(request):
    raise RuntimeError("test")


urlpatterns = [
    path("test/forbudt/", _refuses),
    path("test/feil/", _breaks),
    *project_urls.urlpatterns,
]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500

WEEKDAYS = {"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"}


def assert_norwegian_page(response, *texts: str, status: int = 200) -> None:
    assert response.status_code == status
    html = response.text
    assert '<html lang="nb"' in html
    assert "– Lindra</title>" in html
    for text in texts:
        assert text in html, f"{text!r} is not on the page"


# Every page in Norwegian ---------------------------------------------------------------------

PAGES = [
    (
        "visitor",
        "accounts:sign_in",
        None,
        ["Logg inn i Lindra", "Få en innloggingslenke på e-post", "Glemt passordet?"],
    ),
    ("visitor", "accounts:sign_in_link_sent", None, ["Sjekk e-posten din"]),
    ("visitor", "accounts:password_reset", None, ["Glemt passordet?", "Send lenke"]),
    ("visitor", "accounts:password_reset_done", None, ["Sjekk e-posten din"]),
    ("visitor", "mail:mailbox", None, ["Demo-postkasse"]),
    ("member", "home:home", None, ["Hei, Mona Medlem", "Dine roller: medlem"]),
    ("member", "accounts:account", None, ["Min konto", "member@lindra.example", "Medlem"]),
    ("member", "accounts:password_change", None, ["Endre passord", "Lagre passordet"]),
    ("member", "registry:group", lambda w: w.group_a1.pk, ["Bergen sentrum", "Navneliste"]),
    ("member", "registry:person", lambda w: w.person("member").pk, ["Mona Medlem", "Medlemskap", "Sykepleier"]),
    ("member", "meetings:detail", lambda w: w.meeting.pk, ["Gruppemøte om smertelindring", "Når", "Hvor", "Arrangør"]),
    ("secretariat", "home:audit_log", None, ["Logg", "Innlogginger, nektet tilgang"]),
    (
        "secretariat",
        "registry:network",
        lambda w: w.network_a.pk,
        ["Kompetansenettverk for lindrende behandling i Vestland", "Lokalgrupper", "Bergen sentrum"],
    ),
]


@pytest.mark.parametrize(("role", "name", "pk", "texts"), PAGES, ids=[f"{p[1]}-{p[0]}" for p in PAGES])
def test_each_page_renders_in_norwegian(world, client_as, settings, role, name, pk, texts):
    settings.DEMO_MAILBOX = True
    url = reverse(name, args=[pk(world)] if pk else None)
    assert_norwegian_page(client_as(role).get(url), *texts)


def test_dates_are_written_in_norwegian(world, client_as):
    page = client_as("member").get(reverse("meetings:detail", args=[world.meeting.pk])).text
    assert any(day in page for day in WEEKDAYS)


def test_expired_links_say_so_in_norwegian(db, client):
    assert_norwegian_page(
        client.get(reverse("accounts:sign_in_link", args=["gammel"])), "Lenken virker ikke lenger", status=410
    )
    assert_norwegian_page(
        client.get(reverse("accounts:password_reset_confirm", args=["MQ", "gammel"])), "Lenken virker ikke lenger"
    )


# The home page, by role ---------------------------------------------------------------------

SECTIONS = {
    "superuser": "Systemadministrasjon",
    "secretariat": "Nettverkene du er sekretariat for",
    "committee_member": "Utvalg du sitter i",
    "group_leader": "Gruppene du leder",
    "host": "Møter du er arrangør for",
    "member": "Ditt nettverk",
    "nearest_leader": "Dine ansatte",
}
# The sections each persona sees, and something it should find there.
HOME = {
    "superuser": (["superuser"], ["Gå til administrasjonen", "Se loggen"]),
    "secretariat": (
        ["secretariat"],
        ["Kompetansenettverk for lindrende behandling i Vestland", "Endringsmeldinger som venter", "Se loggen"],
    ),
    "committee_member": (["committee_member"], ["Driftsgruppen", "Møte i driftsgruppen"]),
    "group_leader": (["group_leader"], ["Bergen sentrum", "2 medlemmer"]),
    "host": (["host", "member"], ["Gruppemøte om smertelindring", "Årstad hjemmetjeneste"]),
    "member": (
        ["member"],
        [
            "Bergen sentrum",
            "Arbeidssted: Løvåsen sykehjem",
            "Nærmeste leder: Lars Leder",
            "Gruppemøte om smertelindring",
        ],
    ),
    "nearest_leader": (["nearest_leader"], ["Mona Medlem", "Aina Arrangør", "Bergen sentrum"]),
    "other_member": (["member"], ["Åsane", "Nærmeste leder: ikke registrert", "Ingen møter er satt opp ennå."]),
    "other_secretariat": (["secretariat"], ["Fysio- og ergoterapinettverket", "FE-nettverket"]),
}


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_shows_each_role_its_own_sections(world, client_as, role):
    sections, texts = HOME[role]
    page = client_as(role).get("/")
    assert_norwegian_page(page, *texts)
    for section, heading in SECTIONS.items():
        assert (heading in page.text) == (section in sections), f"{heading!r} for {role}"


def test_the_home_page_shows_nothing_of_another_network(world, client_as):
    assert "Fysio- og ergoterapinettverket" not in client_as("secretariat").get("/").text
    assert "KLB Vestland" not in client_as("other_secretariat").get("/").text
    assert "Gruppemøte om smertelindring" not in client_as("other_member").get("/").text


def test_someone_without_roles_is_told_whom_to_ask(db, client):
    client.force_login(f.user("ny@lindra.example"))
    assert_norwegian_page(client.get("/"), "Du har ingen roller i noe nettverk nå")


def grow(world, *, more: bool = False) -> None:
    """Adds much more of everything each persona sees on the home page; with `more`, as much
    again."""
    for n in range(8):
        group = f.group(world.network_a)
        f.term(world.person("group_leader"), Term.Kind.GROUP_LEADER, group=group)
        f.term(world.person("committee_member"), Term.Kind.COMMITTEE_MEMBER, committee=f.committee(world.network_a))
        f.term(world.person("secretariat"), Term.Kind.SECRETARIAT, network=f.network())
        f.meeting(world.group_a1, host=world.person("host"), starts_at=f.at(f.today() + dt.timedelta(days=10 + n)))
        f.meeting(world.committee_a, starts_at=f.at(f.today() + dt.timedelta(days=5 + n)))
        for _ in range(3):
            f.membership(f.person(), group, nearest_leader=world.person("nearest_leader"))
    if not more:
        f.membership(world.person("member"), f.group(world.network_b), nearest_leader=world.person("nearest_leader"))


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_takes_a_fixed_number_of_queries(world, client_as, role):
    client = client_as(role)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    # A list that is empty costs no query: measure with some of everything, then with twice as much.
    grow(world)
    before = count()
    grow(world, more=True)
    assert count() == before
    assert before <= 38  # each part of the page reads what it shows in a query or two


# Error pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "member"])
def test_the_404_page_is_in_norwegian(world, client_as, settings, role):
    settings.DEBUG = False
    assert_norwegian_page(client_as(role).get("/finnes-ikke/"), "Fant ikke siden", "Til forsiden", status=404)


def test_a_refused_object_shows_the_404_page(world, client_as, settings):
    settings.DEBUG = False
    page = client_as("other_member").get(reverse("registry:group", args=[world.group_a1.pk]))
    assert_norwegian_page(page, "Fant ikke siden", status=404)
    assert "Bergen sentrum" not in page.text


@pytest.mark.urls(__name__)
def test_the_403_page_is_in_norwegian(world, client_as, settings):
    settings.DEBUG = False
    assert_norwegian_page(client_as("member").get("/test/forbudt/"), "Du kan ikke gjøre dette", status=403)


@pytest.mark.urls(__name__)
def test_the_500_page_is_in_norwegian(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    assert_norwegian_page(client.get("/test/feil/"), "Noe gikk galt hos oss", status=500)


def test_a_form_sent_without_its_security_token_gets_a_norwegian_403(db, settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:sign_in"), {"email": "mona@lindra.example", "password": "x"})
    assert_norwegian_page(response, "Skjemaet er utløpt", "last inn siden på nytt", status=403)


# The demo mailbox ------------------------------------------------------------------------------


def test_the_demo_mailbox_lists_the_messages_when_it_is_on(db, client, settings):
    settings.DEMO_MAILBOX = True
    message = queue_message(
        "sign_in_link", to=["mona@lindra.example"], context={"url": "http://127.0.0.1:8000/lenke/", "minutes": 15}
    )
    page = client.get(reverse("mail:mailbox"))
    assert_norwegian_page(page, "Demo-postkasse", "mona@lindra.example", "Din innloggingslenke til Lindra")
    shown = client.get(reverse("mail:message", args=[message.pk]))
    assert_norwegian_page(shown, "Din innloggingslenke til Lindra", 'href="http://127.0.0.1:8000/lenke/"')
    assert "Demo-postkasse" in client.get(reverse("accounts:sign_in")).text
    html = client.get(reverse("mail:message_html", args=[message.pk]))
    assert html["Content-Type"].startswith("text/html")
    assert 'class="button" href="http://127.0.0.1:8000/lenke/"' in html.text


def test_the_demo_mailbox_is_404_when_it_is_off(db, client, settings):
    settings.DEMO_MAILBOX = False
    message = OutboxMessage.objects.create(kind="test", to=["mona@lindra.example"], subject="Hemmelig", body_text="x")
    assert client.get(reverse("mail:mailbox")).status_code == 404
    assert client.get(reverse("mail:message", args=[message.pk])).status_code == 404
    assert client.get(reverse("mail:message_html", args=[message.pk])).status_code == 404
    assert "Demo-postkasse" not in client.get(reverse("accounts:sign_in")).text


def project_setting(name: str, **env: str) -> str:
    """A setting as the project reads it from this environment (and nothing else)."""
    clean = {"PATH": os.environ.get("PATH", ""), "SITE_URL": "", "EMAIL_HOST": "", "DEMO_MAILBOX": "", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-c", f"from lindra import settings; print(settings.{name})"],
        env={**clean, **env},
        cwd=settings_module.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_demo_mailbox_is_never_on_by_default_where_people_sign_in_for_real():
    assert project_setting("DEMO_MAILBOX", SITE_URL="http://127.0.0.1:8000") == "True"
    assert project_setting("DEMO_MAILBOX", SITE_URL="https://lindra.example.no", SECRET_KEY="s" * 50) == "False"
    assert project_setting("DEMO_MAILBOX", EMAIL_HOST="smtp.example.no") == "False"
