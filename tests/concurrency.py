"""Two people open the same form at once; the first saves, then the second. The second is
told in Norwegian, still sees what they typed, and the first's change stands."""

import datetime as dt
import re
from dataclasses import dataclass

from django.test import Client

REGISTRY_STALE = "Noen andre har endret dette i mellomtiden. Se over opplysningene under og lagre på nytt."


def form_values(response) -> dict:
    """The POST data of the page's form as it was opened: every field with its value."""
    form = response.context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if value is True:
            data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif isinstance(value, dt.date | dt.time):
            data[field.html_name] = value.isoformat()
        else:
            data[field.html_name] = str(value)
    return data


@dataclass
class Race:
    first: object  # the first save's response
    second: object  # the second's


def race(first: Client, second: Client, url: str, first_changes: dict, second_changes: dict) -> Race:
    """Both open `url`; the first saves its changes, then the second saves its own."""
    opened_first = first.get(url)
    opened_second = second.get(url)
    assert opened_first.status_code == opened_second.status_code == 200
    saved = first.post(url, {**form_values(opened_first), **first_changes})
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    refused = second.post(url, {**form_values(opened_second), **second_changes})
    return Race(saved, refused)


def assert_refused_keeping_what_was_typed(refused, message: str, *typed: str) -> None:
    assert refused.status_code == 400
    text = refused.content.decode()
    assert message in text
    for value in typed:
        assert f'value="{value}"' in text or re.search(rf">\s*{re.escape(value)}</textarea>", text), value
