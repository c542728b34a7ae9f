"""A real SMTP server (aiosmtpd) on a free local port, for tests that send e-mail."""

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class ReceivedMail:
    envelope_from: str
    envelope_to: list[str]
    message: email.message.EmailMessage
    # The sender's address and port: one per connection to the server.
    peer: tuple = ()

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""

    @property
    def attachments(self) -> list[tuple[str, bytes]]:
        return [(part.get_filename(), part.get_content()) for part in self.message.iter_attachments()]


@dataclass
class _Handler:
    received: list[ReceivedMail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # While set, the server answers every message with this temporary failure.
    refuse_with: str | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_with:
            return self.refuse_with
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message, session.peer))
        return "250 OK"


class SMTPServer:
    """Start with start(); read .messages; .clear() between tests."""

    def __init__(self):
        self.handler = _Handler()
        self.port = _free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    @property
    def messages(self) -> list[ReceivedMail]:
        with self.handler.lock:
            return list(self.handler.received)

    def clear(self):
        with self.handler.lock:
            self.handler.received.clear()
        self.handler.refuse_with = None

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.messages if address in m.envelope_to]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mailer_settings(port: int) -> dict:
    """The MAILERS setting that sends to a local SMTP server on this port."""
    options = {"host": "127.0.0.1", "port": port, "use_tls": False, "use_ssl": False, "timeout": 5}
    return {"default": {"BACKEND": "lindra.mail.backends.SMTPBackend", "OPTIONS": options}}
