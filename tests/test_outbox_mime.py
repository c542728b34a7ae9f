"""The MIME the outbox writes (lindra.mail.mime): what a mail program reads back is what was
stored, every line within what SMTP allows, and a header is never split into two."""

import email
import email.policy
from email.policy import compat32

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindra.mail.mime import POLICY, OutboxEmail

SUBJECT = "Innkalling: Fagdag om lindrende sedering på Løvåsen sykehjem, torsdag 24. desember 2026"
COPIES = [f"person{n}@lindra.example" for n in range(12)]


def email_with(**fields) -> OutboxEmail:
    return OutboxEmail(
        **{
            "subject": SUBJECT,
            "body": "Hei Åse!\n\nVelkommen.",
            "from_email": "Lindra <ikke-svar@lindra.no>",
            "to": ["Åse Ødegård <ase@lindra.example>"],
            "cc": COPIES,
            "headers": {"Message-ID": "<outbox-1-20261203@lindra>"},
            **fields,
        }
    )


def read_back(message: OutboxEmail) -> email.message.EmailMessage:
    raw = message.message().as_bytes()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_long_and_norwegian_headers_are_folded_and_read_back_as_written():
    message = email_with()
    message.attach_alternative("<p>Hei Åse!</p>", "text/html")
    message.attach("påmelding.pdf", b"%PDF-1.4", "application/pdf")
    message.attach("møte.ics", "BEGIN:VCALENDAR\r\nSUMMARY:Fagdag på Løvåsen\r\nEND:VCALENDAR\r\n", "text/calendar")
    raw = message.message().as_bytes()
    assert max(len(line) for line in raw.split(b"\r\n")[:12]) <= 78  # the headers are folded
    got = read_back(message)
    assert got["Subject"] == SUBJECT
    assert got["To"] == "Åse Ødegård <ase@lindra.example>"
    assert got["Cc"] == ", ".join(COPIES)
    assert got["Message-ID"] == "<outbox-1-20261203@lindra>"
    assert got.get_body(("plain",)).get_content() == "Hei Åse!\n\nVelkommen."
    assert got.get_body(("html",)).get_content() == "<p>Hei Åse!</p>"
    assert [(part.get_filename(), part.get_content()) for part in got.iter_attachments()] == [
        ("påmelding.pdf", b"%PDF-1.4"),
        ("møte.ics", "BEGIN:VCALENDAR\r\nSUMMARY:Fagdag på Løvåsen\r\nEND:VCALENDAR\r\n"),
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"subject": "Hei\r\nBcc: alle@lindra.example"},
        {"to": ["ase@lindra.example\nBcc: alle@lindra.example"]},
    ],
)
def test_a_header_with_a_line_break_is_refused(fields):
    with pytest.raises(ValueError, match="one line"):
        email_with(**fields).message()


@given(
    name=st.sampled_from(["Subject", "To", "Message-ID", "Content-Type", "X-Lindra"]),
    value=st.text(st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("\t "), max_size=90),
)
def test_a_short_ascii_header_is_written_as_the_standard_library_folds_it(name, value):
    standard = compat32.clone(linesep="\r\n")
    assert POLICY.fold_binary(name, value) == standard.fold_binary(name, value)
    assert POLICY.fold(name, value) == standard.fold(name, value)


def test_a_multipart_message_s_boundaries_are_new_each_time_and_read_back():
    first, second = (email_with() for _ in range(2))
    first.attach("møte.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    second.attach("møte.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    outer = first.message()
    inner = outer.get_payload()[0]
    assert outer.get_boundary() != inner.get_boundary()
    assert outer.get_boundary() != second.message().get_boundary()
    assert [part.get_filename() for part in read_back(first).iter_attachments()] == ["møte.ics"]
