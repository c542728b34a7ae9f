"""Every e-mail reads well on a phone: beside the plain text an HTML part made from it, with a
button for each link the text gives a label, the network and whom to ask in the footer of both
parts, and whatever people typed shown as they typed it, never as markup."""

import re

import lxml.html
import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from lindra.mail.html import Button, Paragraph, blocks, render_message, tidy
from lindra.mail.models import OutboxMessage
from tests.mail_kinds import every_kind, kinds

LABELLED_LINK = re.compile(r"^(?P<label>.+):\n(?P<url>https?://\S+)$", re.MULTILINE)
ANY_URL = re.compile(r"https?://\S+")


@pytest.fixture
def mails(db) -> dict[str, OutboxMessage]:
    _world, first = every_kind()
    return first


def parsed(html: str):
    return lxml.html.document_fromstring(html)


def by_class(html: str, name: str) -> list:
    return parsed(html).xpath(f"//*[contains(concat(' ', @class, ' '), ' {name} ')]")


def buttons(html: str) -> list[tuple[str, str]]:
    return [(a.text_content().strip(), a.get("href")) for a in by_class(html, "button")]


def text_of(element) -> str:
    """What a reader sees of an element, a line break where the HTML breaks the line."""
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return element.text_content()


def body_and_footer(text: str) -> tuple[str, str]:
    """The text above the signature separator ("-- "), and the footer below it."""
    body, separator, footer = text.replace("\r\n", "\n").rpartition("\n-- \n")
    assert separator, "no signature separator"
    return body, footer


def labelled_links(text: str) -> list[tuple[str, str]]:
    return [(m["label"], m["url"]) for m in LABELLED_LINK.finditer(text.replace("\r\n", "\n"))]


# Every kind ------------------------------------------------------------------------------------


def test_one_of_every_kind_of_mail_is_made(mails):
    assert set(mails) == kinds()


def test_every_kind_has_an_html_part_whose_buttons_are_the_links_of_the_text(mails):
    for kind, mail in mails.items():
        expected = labelled_links(mail.body_text)
        found = buttons(mail.body_html)
        assert len(found) == len(expected), kind
        for (label, url), (text_label, text_url) in zip(found, expected, strict=True):
            assert url == text_url, kind
            assert text_label.startswith(label), kind
        links = {a.get("href") for a in parsed(mail.body_html).iter("a")} - {None}
        assert {href for href in links if href.startswith("http")} == set(ANY_URL.findall(mail.body_text)), kind


def test_the_links_that_act_for_the_reader_are_buttons(mails):
    assert [label for label, _url in buttons(mails["invitation"].body_html)] == [
        "Jeg kommer",
        "Jeg kan ikke komme",
        "Bekreft at du har lest innkallingen",
    ]
    [note] = by_class(mails["invitation"].body_html, "note")
    assert note.text_content() == "Meldingen går til din nærmeste leder og gruppelederen; skriv ingen grunn"
    assert [label for label, _url in buttons(mails["sign_in_link"].body_html)] == ["Logg inn i Lindra"]


def test_every_mail_names_its_network_and_its_secretariat_in_the_footer_of_both_parts(mails):
    for kind, mail in mails.items():
        if mail.network:
            expected = [mail.network.name, f"Sekretariatet: {mail.network.secretariat_email}"]
        else:
            expected = ["Lindra", f"Kontakt: {settings.CONTACT_EMAIL}"]
        assert body_and_footer(mail.body_text)[1].splitlines() == expected, kind
        [foot] = by_class(mail.body_html, "foot")
        assert [line.strip() for line in text_of(foot).splitlines() if line.strip()] == expected, kind


def test_the_footer_replaces_the_signatures_of_the_templates(mails):
    for kind, mail in mails.items():
        assert "Hilsen" not in mail.body_text, kind
        assert mail.body_text.count(mail.network.name if mail.network else "Lindra\n") <= 2, kind


def words(text: str) -> list[str]:
    """The words of a text, without its addresses and the punctuation of labels and notes."""
    return ANY_URL.sub(" ", text).replace(":", " ").replace("(", " ").replace(")", " ").lower().split()


def test_the_html_says_what_the_text_says(mails):
    for kind, mail in mails.items():
        [content] = by_class(mail.body_html, "content")
        assert words(" ".join(content.itertext())) == words(body_and_footer(mail.body_text)[0]), kind


def test_what_people_typed_arrives_as_text_not_markup(db):
    _world, mails = every_kind(member_name=("<b>Ola</b>", "& co"))
    for kind in ("absence_notice", "follow_up_opened", "follow_up_leader", "change_request_received"):
        mail = mails[kind]
        assert "<b>Ola</b> & co" in mail.body_text, kind
        assert "<b>" not in mail.body_html, kind
        assert "&lt;b&gt;Ola&lt;/b&gt; &amp; co" in mail.body_html, kind
        assert "<b>Ola</b> & co" in parsed(mail.body_html).text_content(), kind
    guest = mails["guest_invitation"]
    assert "Smerte & kvalme" in guest.body_text and "Smerte &amp; kvalme" in guest.body_html


# Through a real mail server --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_every_kind_arrives_through_smtp_as_text_and_html_alternatives(outbox):
    every_kind()
    received = {mail.subject: mail for mail in outbox.messages}
    assert {m.kind for m in OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT)} == kinds()
    for subject, mail in received.items():
        alternative = next(part for part in mail.message.walk() if part.get_content_type() == "multipart/alternative")
        assert [part.get_content_type() for part in alternative.iter_parts()] == ["text/plain", "text/html"], subject
        body, _footer = body_and_footer(mail.text)
        assert "<style" not in mail.html, subject  # inlined: many mail programs drop a style sheet
        assert all(a.get("style") for a in by_class(mail.html, "button")), subject
        assert [url for _label, url in buttons(mail.html)] == [url for _label, url in labelled_links(body)], subject
    sign_in = next(mail for mail in received.values() if mail.subject == "Din innloggingslenke til Lindra")
    assert sign_in.message.get_content_type() == "multipart/alternative"
    invitation = next(mail for mail in received.values() if mail.subject.startswith("Innkalling:"))
    assert invitation.message.get_content_type() == "multipart/mixed"  # with the PDF and the calendar file


# Making the HTML from the text -----------------------------------------------------------------


def test_a_label_line_followed_by_a_url_alone_is_a_button():
    text = "Hei!\nDu er invitert.\n\nJeg kommer:\nhttps://lindra.example/svar/a/\n\nSe https://lindra.example/ også."
    assert blocks(text) == [
        Paragraph(("Hei!", "Du er invitert.")),
        Button("Jeg kommer", "https://lindra.example/svar/a/"),
        Paragraph(("Se https://lindra.example/ også.",)),
    ]


def test_a_url_after_a_blank_line_or_an_unlabelled_line_is_a_link_not_a_button():
    assert blocks("Logg inn:\n\nhttps://lindra.example/x/") == [
        Paragraph(("Logg inn:",)),
        Paragraph(("https://lindra.example/x/",)),
    ]
    assert blocks("Når: onsdag 3. mars\nhttps://lindra.example/x/") == [
        Paragraph(("Når: onsdag 3. mars", "https://lindra.example/x/"))
    ]


def test_a_note_in_brackets_goes_under_the_button():
    assert blocks("Jeg kan ikke komme (skriv ingen grunn):\nhttps://lindra.example/a/") == [
        Button("Jeg kan ikke komme", "https://lindra.example/a/", "skriv ingen grunn")
    ]


def test_blank_lines_left_by_the_templates_become_one():
    assert tidy("\n\nHei!  \n\n\n\nDu er invitert.\n\n") == "Hei!\n\nDu er invitert."


WORDS = st.sampled_from(["Hei!", "Når: onsdag", "Smerte & kvalme", "<b>Ola</b>", "Jeg kommer:", "Se", ""])
URLS = st.builds(lambda n: f"https://lindra.example/svar/{n}/?a=1&b=2", st.integers(0, 999))


@given(st.lists(st.one_of(WORDS, URLS), max_size=30))
def test_every_url_of_the_text_is_a_button_or_a_link_in_the_html(lines):
    rendered = render_message("sign_in_link", {"url": "\n".join(lines), "minutes": 15})
    text, html = rendered.text, rendered.html
    expected = [url for _label, url in labelled_links(text)]
    assert [url for _label, url in buttons(html)] == expected
    hrefs = [a.get("href") for a in parsed(html).iter("a") if a.get("href", "").startswith("http")]
    assert sorted(hrefs) == sorted(ANY_URL.findall(text))
    assert "<b>" not in html
