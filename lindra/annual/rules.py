"""The annual cycle's rules: pure functions of plain values, one section per part."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# --- News ------------------------------------------------------------------------------------
# Seed 003: "Formidle aktuelle nyheter til nettverket". A news item goes to the whole network
# (no groups chosen) or to chosen local groups.

# A published item is mailed when the mailing was queued within this long; an item whose
# mailing was lost for longer is not sent late (the news is old by then).
NEWS_MAIL_FRESH_FOR = dt.timedelta(days=3)


def news_reaches(targets: frozenset[int], groups: frozenset[int]) -> bool:
    """Whether news for the groups `targets` (empty: the whole network) is for someone in or
    leading `groups` of that network."""
    return not targets or bool(targets & groups)


@dataclass(frozen=True)
class NewsReader:
    """Someone the news may go to by e-mail: a member or a group leader of the network on the day."""

    person_id: int
    email: str | None
    group_id: int
    on_leave: bool = False


def news_recipients(
    targets: frozenset[int],
    readers: Iterable[NewsReader],
    *,
    committee: Iterable[tuple[int, str | None]] = (),
    opted_out: frozenset[int] = frozenset(),
) -> dict[int, str]:
    """Who gets the news by e-mail, person id to address: the members (not on leave) and the
    group leaders of the groups it is for, and for news to the whole network also the
    network's committees; never someone who has opted out or has no address; each once."""
    chosen: dict[int, str] = {}
    for reader in readers:
        if reader.on_leave or not news_reaches(targets, frozenset({reader.group_id})):
            continue
        if reader.email and reader.person_id not in opted_out:
            chosen.setdefault(reader.person_id, reader.email)
    if not targets:
        for person_id, email in committee:
            if email and person_id not in opted_out:
                chosen.setdefault(person_id, email)
    return chosen


def news_mail_is_due(published_at: dt.datetime | None, mailed_at: dt.datetime | None, now: dt.datetime) -> bool:
    """A published item is mailed once, and not when its publishing is too old to be news."""
    return (
        published_at is not None
        and mailed_at is None
        and published_at <= now
        and now - published_at <= NEWS_MAIL_FRESH_FOR
    )
