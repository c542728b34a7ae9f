"""Without a mail server (the demo, development): each e-mail is printed in the terminal as
a person reads it, its addresses, subject and text with its links. The HTML part and the
attachments are in the demo mailbox; the raw message would bury the terminal in them."""

from django.core.mail.backends.console import EmailBackend


class TextConsoleBackend(EmailBackend):
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
