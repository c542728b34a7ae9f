"""What a user reads on a page, and what must not be in it: Django's English, ISO dates."""

import re
from html.parser import HTMLParser

# Django's English defaults a user could meet: the empty choice, validation messages, the
# file widget, yes/no, names of months and days, times of day. Lindra's pages are Norwegian.
ENGLISH = re.compile(
    r"\b(Select an option|Select a valid choice|This field is required|Enter a valid|Ensure this value|"
    r"Currently|Change|Clear|Unknown|Yes|No|None|True|False|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|a\.m\.|p\.m\.|midnight|noon|"
    r"Password|Username|Submit|Search|Save|Delete|Cancel|Previous|Next|Page)\b"
)
# Dates are written the Norwegian way ("3. desember 2026", "3.12.2026"), never as ISO.
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        self.parts.extend(value for name, value in attrs if name in READ_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def text_of(html: str) -> str:
    """The text of a page as it is read: its words and the labels of its controls."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def not_norwegian(html: str) -> list[str]:
    """Django's English words on a page, and dates written as ISO, each with a little of the
    text around it."""
    text = text_of(html)
    found = [*ENGLISH.finditer(text), *ISO_DATE.finditer(text)]
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in found]
