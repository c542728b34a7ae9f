"""The rules of news: whom an item reaches, who gets it by e-mail, and when it is mailed."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.annual import rules
from lindra.annual.rules import NewsReader

ids = st.integers(min_value=1, max_value=8)
groups = st.frozensets(ids, max_size=4)
emails = st.one_of(st.none(), st.just(""), st.emails())
readers = st.lists(
    st.builds(NewsReader, person_id=ids, email=emails, group_id=ids, on_leave=st.booleans()), max_size=12
)
committee = st.lists(st.tuples(ids, emails), max_size=5)
moments = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2028, 1, 1), timezones=st.just(dt.UTC))


@given(groups)
def test_news_to_the_whole_network_reaches_everyone_in_it(mine):
    assert rules.news_reaches(frozenset(), mine)


@given(groups, groups)
def test_news_to_chosen_groups_reaches_only_those_in_them(targets, mine):
    if targets:
        assert rules.news_reaches(targets, mine) == bool(targets & mine)


@given(groups, readers, committee, st.frozensets(ids, max_size=4))
def test_the_mail_goes_once_to_each_reader_of_its_groups_with_an_address_who_has_not_opted_out(
    targets, readers, committee, opted_out
):
    chosen = rules.news_recipients(targets, readers, committee=committee, opted_out=opted_out)
    for person_id, email in chosen.items():
        assert email
        assert person_id not in opted_out
        from_readers = [
            r for r in readers if r.person_id == person_id and not r.on_leave and (not targets or r.group_id in targets)
        ]
        from_committee = [c for c in committee if c[0] == person_id] if not targets else []
        assert from_readers or from_committee
    for reader in readers:
        wanted = not reader.on_leave and (not targets or reader.group_id in targets)
        if wanted and reader.email and reader.person_id not in opted_out:
            assert reader.person_id in chosen


@given(st.frozensets(ids, min_size=1, max_size=4), committee)
def test_the_committees_get_by_mail_only_news_to_the_whole_network(targets, committee):
    assert rules.news_recipients(targets, [], committee=committee) == {}
    assert set(rules.news_recipients(frozenset(), [], committee=committee)) == {p for p, e in committee if e}


@given(moments, st.one_of(st.none(), moments), moments)
def test_an_item_is_mailed_once_after_publishing_and_never_when_stale(published, mailed, now):
    due = rules.news_mail_is_due(published, mailed, now)
    assert due == (mailed is None and published <= now and now - published <= rules.NEWS_MAIL_FRESH_FOR)


def test_a_draft_is_never_mailed():
    assert not rules.news_mail_is_due(None, None, dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
