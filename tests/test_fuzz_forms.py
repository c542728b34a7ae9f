"""Every form of every page, sent generated bad input by one who may use it: never a server
error, and fields the form does not have change nothing (tests/fuzzing.py says what is sent).

Each page of the URL × role table is opened by the first persona that may see it; each form
on it is filled EXAMPLES times. Each case runs in a savepoint that is rolled back, so that
cases do not build on each other and two submissions can be compared.
"""

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import EXAMPLES, Form, differences, forms_of, row_counts, snapshot, submission, templates_unrecorded
from tests.test_urls_by_role import EXPECTED, URL_KWARGS, in_order_of_visit

# The persona that opens a page: the first of these that gets it.
OPENERS = ("secretariat", "superuser", "group_leader", "host", "member", "nearest_leader", "committee_member")
PAGES = [name for name in in_order_of_visit(iter(EXPECTED)) if any(EXPECTED[name][r] == 200 for r in OPENERS)]
# The sign-out button is on every page: it is fuzzed once, on the home page.
ON_EVERY_PAGE = {reverse("accounts:sign_out")}


def send(client, form: Form, data: dict):
    if form.method == "get":
        plain = {key: value for key, value in data.items() if isinstance(value, str | list)}
        return client.get(form.action, plain)
    return client.post(form.action, data)


def in_savepoint(action):
    """Runs action in a savepoint that is rolled back; returns what it returned."""
    with transaction.atomic():
        result = action()
        transaction.set_rollback(True)
    return result


def fuzz(client, form: Form, where: str) -> None:
    @settings(
        max_examples=EXAMPLES,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def case(data):
        fields, extras, compare = data.draw(submission(form))
        compare = compare and bool(extras) and form.method == "post"

        def with_extras():
            before = row_counts() if form.method == "get" else None
            response = send(client, form, {**fields, **extras})
            if form.method == "get":
                return response.status_code, differences(before, row_counts())
            return response.status_code, snapshot() if compare and response.status_code < 400 else None

        status, seen = in_savepoint(with_extras)
        assert status < 500, f"{where}: {form.method.upper()} {form.action} answered {status} to {fields | extras!r}"
        if form.method == "get":
            assert not seen, f"{where}: GET {form.action} changed {seen}"
        elif seen is not None:
            without = in_savepoint(lambda: (send(client, form, fields), snapshot())[1])
            diff = differences(without, seen)
            assert not diff, f"{where}: the fields {sorted(extras)} the form has not changed {diff}"

    with templates_unrecorded():
        case()


@pytest.mark.parametrize("name", PAGES)
def test_every_form_takes_bad_input_without_a_server_error(world, client_as, settings, name):
    settings.DEMO_MAILBOX = True
    role = next(r for r in OPENERS if EXPECTED[name][r] == 200)
    client = client_as(role)
    with time_machine.travel(timezone.now(), tick=False):  # two submissions save the same times
        url = reverse(name, kwargs=URL_KWARGS[name](world) if name in URL_KWARGS else None)
        page = client.get(url)
        if not page["Content-Type"].startswith("text/html"):
            return
        seen = set()
        for form in forms_of(url, page.text):
            if form.key in seen or (name != "home:home" and form.action.endswith(tuple(ON_EVERY_PAGE))):
                continue
            seen.add(form.key)
            fuzz(client, form, f"{name} as {role}")
