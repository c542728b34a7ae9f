"""The MIME of an outbox message, made with the standard library's compat32 classes.

Django's EmailMessage.message() parses and refolds every header through the modern email
policy: some milliseconds a message, most of the worker's time when thousands go out. The
stored message is already finished text, so nothing needs parsing: these classes write it out
in a fraction of the time. Text parts are base64 (no line of an inlined HTML part can exceed
the 998 characters SMTP allows), and so is every other part: no line of a part can then begin
with "--=_", so the boundaries need no search of the parts for a clash."""

import datetime as dt
import uuid
from email import encoders
from email.charset import BASE64, Charset
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import Compat32
from email.utils import format_datetime, formataddr, parseaddr

from django.core.mail import EmailMultiAlternatives
from django.utils.encoding import punycode

UTF8 = Charset("utf-8")
UTF8.body_encoding = BASE64


class _Policy(Compat32):
    """compat32, but a header that is ASCII, one line and short enough is written as it is,
    without the Header class that would fold it to the same text (most headers of a message)."""

    def _fold(self, name, value, sanitize):
        line = f"{name}: {value}"
        if isinstance(value, str) and value.isascii() and len(line) <= self.max_line_length and _is_one_line(value):
            return line + self.linesep
        return super()._fold(name, value, sanitize)


def _is_one_line(value: str) -> bool:
    return "\n" not in value and "\r" not in value


POLICY = _Policy(linesep="\r\n")


class OutboxEmail(EmailMultiAlternatives):
    """An e-mail of the outbox: what every mail backend takes, with a faster message()."""

    def message(self, *, policy=None) -> Message:
        parts = [_text(self.body, "plain"), *(_text(content, mimetype) for content, mimetype in self.alternatives)]
        body = _multipart("alternative", parts)
        message = body
        if self.attachments:
            message = _multipart("mixed", [body, *map(_attachment, self.attachments)])
        message["Subject"] = _header("Subject", self.subject)
        message["From"] = _addresses([self.from_email])
        for name, addresses in (("To", self.to), ("Cc", self.cc), ("Reply-To", self.reply_to)):
            if addresses:
                message[name] = _addresses(addresses)
        message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
        for name, value in self.extra_headers.items():
            message[name] = _header(name, value)
        return message


def _multipart(subtype: str, parts: list[Message]) -> MIMEMultipart:
    return MIMEMultipart(subtype, boundary=f"=_{uuid.uuid4().hex}", _subparts=parts, policy=POLICY)


def _text(content: str, subtype: str) -> MIMEText:
    return MIMEText(content, subtype.removeprefix("text/"), UTF8, policy=POLICY)


def _attachment(attachment) -> MIMEBase:
    filename, content, mimetype = attachment
    maintype, subtype = mimetype.split("/", 1)
    if maintype == "text" and isinstance(content, str):
        part = MIMEText(content, subtype, UTF8, policy=POLICY)
    else:
        part = MIMEBase(maintype, subtype, policy=POLICY)
        part.set_payload(bytes(content))
        encoders.encode_base64(part)
    name = filename if filename.isascii() else ("utf-8", "", filename)
    part.add_header("Content-Disposition", "attachment", filename=name)
    return part


def _header(name: str, value: str) -> str | Header:
    if not _is_one_line(value):
        raise ValueError(f"A header must be one line: {value!r}")
    return value if value.isascii() else Header(value, "utf-8", header_name=name)


def _addresses(addresses) -> str:
    return ", ".join(_address(address) for address in addresses)


def _address(address: str) -> str:
    """The address with its name encoded and its domain in IDNA, as the header needs them."""
    if not _is_one_line(address):
        raise ValueError(f"An address must be one line: {address!r}")
    name, addr = parseaddr(address)
    local, at, domain = addr.rpartition("@")
    if at and not domain.isascii():
        addr = f"{local}@{punycode(domain)}"
    return formataddr((name, addr), "utf-8")
