"""Every e-mail as Lindra sends it: the plain text of its template, the footer, and an HTML
part made from that same text, so that the two never disagree.

The HTML keeps the text's paragraphs and turns each link written as a line with its label
ending in a colon, followed by a line with the URL alone, into a button with that label;
other addresses become links, and everything else is escaped. One layout serves every kind
of message; its small stylesheet is inlined, since many mail programs drop <style>.
"""

import re
from dataclasses import dataclass

import css_inline
from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string

# The signature separator ("dash dash space") that mail programs recognise and dim.
SEPARATOR = "-- "
URL = re.compile(r"https?://\S+")
# "Jeg kan ikke komme (skriv ingen grunn)": the button says what it does, the note goes below.
LABEL_WITH_NOTE = re.compile(r"(?P<label>.+?)\s+\((?P<note>[^()]+)\)")


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Button:
    label: str
    url: str
    note: str = ""


Block = Paragraph | Button


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render_message(kind: str, context: dict, *, network=None) -> Rendered:
    """The subject, the plain text with its footer, and the HTML of mail/<kind>.txt."""
    subject = " ".join(render_text(f"mail/{kind}_subject.txt", context).split())
    body = tidy(render_text(f"mail/{kind}.txt", context))
    footer = tidy(render_text("mail/_footer.txt", {"network": network, "contact_email": settings.CONTACT_EMAIL}))
    html = render_to_string("mail/_layout.html", {"subject": subject, "body": blocks(body), "footer": blocks(footer)})
    return Rendered(subject=subject, text=f"{body}\n\n{SEPARATOR}\n{footer}\n", html=_inliner.inline(html))


def render_text(name: str, context: dict) -> str:
    # Plain text is not HTML: "Smerte & kvalme" and links with "&" must arrive as written.
    return get_template(name).template.render(Context(context, autoescape=False))


def tidy(text: str) -> str:
    """Templates leave blank lines behind their conditions: one blank line between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def blocks(text: str) -> list[Block]:
    """The paragraphs and buttons of a message's plain text."""
    result: list[Block] = []
    lines = text.splitlines()
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            result.append(Paragraph(tuple(paragraph)))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i].strip()
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if line.endswith(":") and len(line) > 1 and URL.fullmatch(following):
            end_paragraph()
            result.append(button(line[:-1].strip(), following))
            i += 2
            continue
        if line:
            paragraph.append(line)
        else:
            end_paragraph()
        i += 1
    end_paragraph()
    return result


def button(label: str, url: str) -> Button:
    if match := LABEL_WITH_NOTE.fullmatch(label):
        return Button(match["label"], url, match["note"])
    return Button(label, url)


_inliner = css_inline.CSSInliner(load_remote_stylesheets=False)
