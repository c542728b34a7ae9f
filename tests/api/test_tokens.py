"""The secretariat's API tokens: made per network and scope, shown once, kept as a SHA-256,
listed with their last use, revoked; the page for the secretariat and refused to the others."""

import hashlib

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from lindra.api import rules, tokens
from lindra.api.models import ApiToken, Scope
from lindra.core.models import AuditAction, AuditEvent
from tests.language import not_norwegian

KEYS = st.text("0123456789abcdef", min_size=rules.KEY_LENGTH, max_size=rules.KEY_LENGTH)
SECRETS = st.text(st.characters(codec="ascii", exclude_characters="\x00"), min_size=1)


@given(KEYS, SECRETS)
def test_a_token_reads_back_as_its_key_and_secret(key, secret):
    assert rules.parse_token(rules.token_text(key, secret)) == (key, secret)


@given(st.text())
def test_text_that_is_no_token_reads_as_none_or_as_a_well_formed_key(text):
    parsed = rules.parse_token(text)
    if parsed is not None:
        key, secret = parsed
        assert text == rules.token_text(key, secret) and secret


@pytest.mark.parametrize("text", ["", "lindra_", "lindra_abc_def", "Bearer x", "lindra_0123456789ABCDEF_x"])
def test_malformed_tokens_read_as_none(text):
    assert rules.parse_token(text) is None


@given(SECRETS, SECRETS)
def test_only_the_secret_itself_matches_its_digest(secret, other):
    kept = rules.digest(secret)
    assert kept == hashlib.sha256(secret.encode()).hexdigest()
    assert rules.secret_matches(secret, kept)
    assert rules.secret_matches(other, kept) == (other == secret)


def test_a_minute_counts_from_its_first_second():
    assert rules.minute_window(120.0) == (2, 60)
    assert rules.minute_window(179.5) == (2, 1)
    assert rules.within_limit(60, 60) and not rules.within_limit(61, 60)


# --- The page ----------------------------------------------------------------------------------


def _page(world) -> str:
    return reverse("api_tokens:list", args=[world.network_a.pk])


def test_the_secretariat_makes_a_token_and_sees_it_once(world, client_as):
    client = client_as("secretariat")
    response = client.post(_page(world), {"name": "HR-systemet i Helse Bergen", "scopes": ["people", "groups"]})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert (token.network, token.name, token.scopes) == (
        world.network_a,
        "HR-systemet i Helse Bergen",
        ["groups", "people"],
    )
    text = response.context["text"]
    assert text in response.text and "vises bare denne ene gangen" in response.text
    assert tokens.token_for(text) == token
    _key, secret = rules.parse_token(text)
    assert token.secret_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert len(secret) >= 43
    listed = client.get(_page(world))
    assert "HR-systemet i Helse Bergen" in listed.text and token.key in listed.text
    assert secret not in listed.text
    assert "Aldri" in listed.text  # not used yet
    assert not not_norwegian(listed.text)
    made = AuditEvent.objects.get(action=AuditAction.CREATED, object_type="api.ApiToken")
    assert made.network == world.network_a and made.actor == world.users["secretariat"]
    assert secret not in str(made.changes) + made.target


def test_the_list_shows_when_each_token_was_last_used(world, client_as, token_for, api):
    api("/nettverk", token_for(Scope.GROUPS))
    token = ApiToken.objects.get()
    listed = client_as("secretariat").get(_page(world))
    assert "Aldri" not in listed.text
    assert str(token.last_used_at.year) in listed.text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "scopes": ["groups"]}, "name", "Feltet er påkrevd."),
        ({"name": "HR", "scopes": []}, "scopes", "Velg minst én tilgang."),
        ({"name": "HR", "scopes": ["everything"]}, "scopes", "Velg et gyldig valg."),
        ({"name": "x" * 201, "scopes": ["groups"]}, "name", "Sørg for denne verdien har mest 200 tegn (den har 201)."),
    ],
)
def test_bad_input_makes_no_token_and_keeps_what_was_typed(world, client_as, data, field, message):
    response = client_as("secretariat").post(_page(world), data)
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    errors = " ".join(response.context["form"].errors[field])
    assert message.split(" ")[0] in errors
    assert not not_norwegian(errors)
    if data["name"]:
        assert data["name"] in response.text


@pytest.mark.parametrize(("role", "status"), [("committee_member", 403), ("group_leader", 404), ("member", 404)])
def test_others_in_the_network_may_not_make_tokens(world, client_as, role, status):
    client = client_as(role)
    assert client.get(_page(world)).status_code == status
    assert client.post(_page(world), {"name": "HR", "scopes": ["people"]}).status_code == status
    assert not ApiToken.objects.exists()


def test_another_networks_secretariat_may_not_make_tokens_here(world, client_as):
    client = client_as("other_secretariat")
    assert client.post(_page(world), {"name": "HR", "scopes": ["people"]}).status_code == 404
    assert not ApiToken.objects.exists()


def test_the_secretariat_revokes_a_token_and_it_stops_working(world, client_as, token_for, api):
    text = token_for(Scope.GROUPS)
    token = ApiToken.objects.get()
    client = client_as("secretariat")
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]), follow=True)
    assert response.redirect_chain[-1][0] == _page(world)
    assert "er trukket tilbake" in response.text
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world.users["secretariat"]
    assert api("/nettverk", text).status_code == 401
    again = client.post(reverse("api_tokens:revoke", args=[token.pk]), follow=True)
    assert "allerede trukket tilbake" in again.text
    assert AuditEvent.objects.filter(action=AuditAction.CHANGED, object_type="api.ApiToken").count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("committee_member", 403), ("group_leader", 404), ("other_secretariat", 404), ("member", 404)],
)
def test_only_the_networks_secretariat_revokes_its_tokens(world, client_as, token_for, role, status):
    token_for(Scope.GROUPS)
    token = ApiToken.objects.get()
    assert client_as(role).post(reverse("api_tokens:revoke", args=[token.pk])).status_code == status
    token.refresh_from_db()
    assert token.revoked_at is None
    # The refusal is in the log: who tried, on what, and answered how.
    refusal = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert (refusal.actor, refusal.target, refusal.changes["status"]) == (
        world.user(role),
        f"api token {token.pk}",
        status,
    )
    assert refusal.network == (world.network_a if status == 403 else None)


def test_a_token_that_does_not_exist_is_404(world, client_as):
    assert client_as("secretariat").post(reverse("api_tokens:revoke", args=[999_999])).status_code == 404


def test_the_network_page_leads_the_secretariat_to_its_tokens(world, client_as):
    page = client_as("secretariat").get(reverse("registry:network", args=[world.network_a.pk]))
    assert _page(world) in page.text
    assert (
        _page(world)
        not in client_as("committee_member").get(reverse("registry:network", args=[world.network_a.pk])).text
    )
