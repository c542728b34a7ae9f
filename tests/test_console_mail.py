"""Without a mail server, e-mail is printed in the terminal as a person reads it."""

import io

from django.core.mail import EmailMultiAlternatives

from lindra.mail.backends import TextConsoleBackend


def test_an_email_is_printed_with_its_addresses_subject_and_text_not_its_html():
    message = EmailMultiAlternatives(
        subject="Innkalling: Nettverksmøte 1 / 2027, 10. mars 2027",
        body="Hei Mona!\n\nJeg kommer:\nhttp://127.0.0.1:8000/svar/abc/\n",
        to=["mona@lindra.example"],
        cc=["lars@lindra.example"],
    )
    message.attach_alternative("<p>Hei <b>Mona</b>!</p>", "text/html")
    message.attach("innkalling.pdf", b"%PDF-1.7", "application/pdf")
    stream = io.StringIO()
    assert TextConsoleBackend(stream=stream).send_messages([message]) == 1
    printed = stream.getvalue()
    assert printed.startswith(
        "Til: mona@lindra.example\nKopi: lars@lindra.example\n"
        "Emne: Innkalling: Nettverksmøte 1 / 2027, 10. mars 2027\nVedlegg: innkalling.pdf\n\nHei Mona!"
    )
    assert "http://127.0.0.1:8000/svar/abc/" in printed  # the link can be followed from the terminal
    assert "<b>" not in printed and "%PDF" not in printed and "Content-Type" not in printed
