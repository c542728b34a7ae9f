"""Every signed link, tampered with: a changed, cut, lengthened or foreign token is never a
server error, shows nobody's data, and neither opening nor posting it records anything."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import EXAMPLES, differences, row_counts, templates_unrecorded
from tests.test_fuzz_forms import in_savepoint
from tests.test_urls_by_role import URL_KWARGS

SIGNED_LINKS = [
    "accounts:sign_in_link",
    "accounts:password_reset_confirm",
    "annual:news_unsubscribe",
    "annual:news_feed",
    "annual:questionnaire_answer",
    "development:activity_confirm_link",
    "development:accept_link",
    "development:accept_link_pdf",
    "development:work_plan_answer",
    "meetings:answer",
    "meetings:calendar_feed",
]
TOKEN_CHARACTERS = st.characters(codec="utf-8", exclude_characters="/?#%")


@st.composite
def tampered(draw, token: str) -> str:
    """The token with one thing done to it; never the token itself."""
    where = draw(st.integers(0, max(len(token) - 1, 0)))
    changed = draw(
        st.one_of(
            st.builds(lambda c: token[:where] + c + token[where + 1 :], TOKEN_CHARACTERS),  # one character
            st.just(token[:where]),  # cut
            st.builds(lambda tail: token + tail, st.text(TOKEN_CHARACTERS, min_size=1, max_size=20)),  # longer
            st.just(token.swapcase()),
            st.just(token[::-1]),
            st.text(TOKEN_CHARACTERS, min_size=1, max_size=400),  # anything
            st.sampled_from(["\x00", "a\x00b", "..", " ", "ÆØÅ", "x" * 5000]),
        )
    )
    return changed if changed and changed != token else token + "x"


def test_every_signed_link_is_fuzzed():
    with_token = [name for name in URL_KWARGS if name.split(":")[1] in {n.split(":")[1] for n in SIGNED_LINKS}]
    assert sorted(with_token) == sorted(SIGNED_LINKS)


@pytest.mark.parametrize("name", SIGNED_LINKS)
def test_a_tampered_signed_link_shows_nothing_and_records_nothing(world, name):
    kwargs = URL_KWARGS[name](world)
    token = kwargs["token"]
    names = [person.full_name for person in world.people.values()]
    visitor = Client()

    @settings(
        max_examples=EXAMPLES,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(tampered(token), st.sampled_from(["get", "post"]))
    def case(bad, method):
        url = reverse(name, kwargs={**kwargs, "token": bad})

        def open_it():
            before = row_counts()
            response = getattr(visitor, method)(url, {"svar": "ja", "answer": "yes"} if method == "post" else None)
            return response, differences(before, row_counts())

        response, changed = in_savepoint(open_it)
        assert response.status_code < 500, f"{method.upper()} {url!r} answered {response.status_code}"
        body = response.content.decode(errors="replace")
        assert not [n for n in names if n in body], f"{method.upper()} {url!r} shows someone's name"
        assert not changed, f"{method.upper()} {url!r} changed {changed}"

    with templates_unrecorded():
        case()
