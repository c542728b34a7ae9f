"""The mail backends. With a mail server, Django's SMTP backend, quicker at what it repeats.
Without one (the demo, development): each e-mail is printed in the terminal as a person reads
it, its addresses, subject and text with its links. The HTML part and the attachments are in
the demo mailbox; the raw message would bury the terminal in them."""

import re

from django.core.mail.backends import console, smtp

# A bare address of the plain kind nearly every address is (dot-atoms of ASCII letters, digits
# and the signs RFC 5322 allows): its envelope form is the address itself.
_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
BARE_ADDRESS = re.compile(rf"{_ATOM}(\.{_ATOM})*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*", re.ASCII)


class SMTPBackend(smtp.EmailBackend):
    """Django's SMTP backend, without parsing a bare plain address, or the same address twice
    (the sender of every message of a batch): the parse takes longer than the rest of the work
    of putting a message together."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepared: dict[tuple[str, bool], str] = {}

    def prep_address(self, address, force_ascii=True):
        if isinstance(address, str) and BARE_ADDRESS.fullmatch(address):
            return address
        key = (str(address), force_ascii)
        if key not in self._prepared:
            self._prepared[key] = super().prep_address(address, force_ascii)
        return self._prepared[key]


class TextConsoleBackend(console.EmailBackend):
    def write_message(self, message):
        names = [attachment[0] for attachment in message.attachments if isinstance(attachment, tuple)]
        lines = [
            f"Til: {', '.join(message.to)}",
            *([f"Kopi: {', '.join(message.cc)}"] if message.cc else []),
            f"Emne: {message.subject}",
            *([f"Vedlegg: {', '.join(names)}"] if names else []),
            "",
            message.body.rstrip(),
            "-" * 79,
        ]
        self.stream.write("\n".join(lines) + "\n")
