"""Every response carries a Content-Security-Policy that lets nothing inline run or style a
page; the public page's embeddable form may be framed by the regional website; the templates
and the code that make pages have nothing inline that the policy would block."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from lindra.annual.models import PublicPage
from tests.csp import csp_problems, directives

ROOT = Path(__file__).resolve().parent.parent
LINDRA = ROOT / "lindra"
# Documents WeasyPrint makes into PDFs, and e-mail, are no pages of Lindra's: they keep their styles.
NOT_PAGES = re.compile(r"(_pdf\.html|/pdf\.html|templates/mail/(?!mailbox|message\.html|failed))")


def test_the_policy_allows_only_lindra_itself_and_nothing_inline(world, client_as):
    response = client_as("secretariat").get(reverse("home:home"))
    assert csp_problems(response) == []
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_the_sign_in_page_and_a_missing_page_carry_it_too(db, client):
    for url in (reverse("accounts:sign_in"), "/finnes-ikke/"):
        assert csp_problems(client.get(url)) == [], url


@pytest.fixture
def public_page(world):
    return PublicPage.objects.create(network=world.network_a, slug="klb-vestland", published=True)


def test_the_embeddable_public_page_may_be_framed_by_other_sites(public_page, client):
    response = client.get(reverse("annual:public_embed", args=["klb-vestland"]))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["*"]
    assert policy["script-src"] == ["'self'"]
    assert csp_problems(response) == []


def test_which_sites_may_frame_it_is_a_setting(public_page, client, settings):
    settings.PUBLIC_EMBED_ANCESTORS = ["https://helse-bergen.no", "https://www.helse-bergen.no"]
    response = client.get(reverse("annual:public_embed", args=["klb-vestland"]))
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["https://helse-bergen.no", "https://www.helse-bergen.no"]


def test_the_public_page_itself_may_not_be_framed(public_page, client):
    response = client.get(reverse("annual:public_page", args=["klb-vestland"]))
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def _page_templates():
    for path in sorted(LINDRA.rglob("templates/**/*.html")):
        if not NOT_PAGES.search(path.as_posix()):
            yield path


def test_no_page_template_has_inline_scripts_styles_or_handlers():
    problems = []
    for path in _page_templates():
        text = path.read_text(encoding="utf-8")
        for pattern, what in (
            (r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", "an inline <script>"),
            (r"<style", "a <style> element"),
            (r"\sstyle=", "a style attribute"),
            (r"\son[a-z]+=", "an inline event handler"),
            (r"javascript:", "a javascript: address"),
        ):
            if re.search(pattern, text, re.IGNORECASE):
                problems.append(f"{path.relative_to(ROOT)}: {what}")
    assert not problems, "\n".join(problems)


def test_no_python_code_writes_style_attributes_into_pages():
    """(E-mail, lindra/mail/html.py, and the demo's PDFs, data.py, are no pages.)"""
    found = []
    for path in sorted(LINDRA.rglob("*.py")):
        if "migrations" in path.parts or path.name in {"data.py", "html.py"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"<[a-zA-Z][^>]*\sstyle=|<style|<script|[\"']style[\"']\s*:", line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_demo_mailbox_shows_an_e_mail_with_its_styles_but_no_scripts(world, client, settings):
    from lindra.mail.models import OutboxMessage

    settings.DEMO_MAILBOX = True
    message = OutboxMessage.objects.create(
        kind="test", to=["a@example.no"], subject="Hei", body_text="Hei", body_html='<p style="color:red">Hei</p>'
    )
    response = client.get(reverse("mail:message_html", args=[message.pk]))
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["style-src-attr"] == ["'unsafe-inline'"]
    assert "script-src" not in policy and "sandbox" in policy
    assert csp_problems(response, "mail:message_html") == []
    assert csp_problems(response) != []  # the exception holds for this page only


def test_the_deployment_check_is_clean():
    env = {
        "DEBUG": "false",
        "SITE_URL": "https://lindra.example.no",
        "ALLOWED_HOSTS": "lindra.example.no",
        "EMAIL_HOST": "smtp.lindra.example.no",
        "SECRET_KEY": "k3" * 30 + "-Zq!x9",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert settings.SECURE_CSP
