"""The annual cycle's rules: pure functions of plain values, one section per part."""

# --- Documents ---------------------------------------------------------------------------------
# The network's plans and documents (seed 003): versions with an approval date and a date for
# the next revision, which reminds the working group once when due (003 §6); the competence
# plan's topics covered by each local group.

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
PDF, DOCX = "pdf", "docx"
DOCUMENT_FILE_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# The longest range of years the coverage matrix shows at once.
MAX_COVERAGE_YEARS = 10


@dataclass(frozen=True)
class VersionFacts:
    number: int
    approved_on: dt.date | None
    next_revision_on: dt.date | None
    reminded: bool = False


def newest_version(versions: Iterable[VersionFacts]) -> VersionFacts | None:
    return max(versions, key=lambda v: v.number, default=None)


def current_version(versions: Iterable[VersionFacts]) -> VersionFacts | None:
    """The version in force: the newest approved one. A newer draft does not replace it."""
    return newest_version(v for v in versions if v.approved_on is not None)


def revision_due(versions: Iterable[VersionFacts], today: dt.date) -> VersionFacts | None:
    """The version whose revision is due today: the newest version, if its next revision date
    has come. An older version is superseded: its date no longer counts, and a newer draft
    means the revision is under way."""
    newest = newest_version(versions)
    if newest is None or newest.next_revision_on is None or newest.next_revision_on > today:
        return None
    return newest


def revision_reminder_due(versions: Iterable[VersionFacts], today: dt.date) -> VersionFacts | None:
    """The version whose working group is to be reminded now: due, and not reminded before."""
    due = revision_due(versions, today)
    return due if due is not None and not due.reminded else None


APPROVED_IN_FUTURE = "approved_in_future"
REVISION_BEFORE_APPROVAL = "revision_before_approval"


def version_problems(
    approved_on: dt.date | None, next_revision_on: dt.date | None, today: dt.date
) -> list[tuple[str, str]]:
    """What is wrong with a version's dates, as (field, reason)."""
    problems = []
    if approved_on is not None and approved_on > today:
        problems.append(("approved_on", APPROVED_IN_FUTURE))
    if approved_on is not None and next_revision_on is not None and next_revision_on <= approved_on:
        problems.append(("next_revision_on", REVISION_BEFORE_APPROVAL))
    return problems


def document_file_type(content: bytes) -> str | None:
    """PDF or DOCX, judged by what the file holds, not by its name; None for anything else."""
    if content.startswith(b"%PDF-") and b"%%EOF" in content[-2048:]:
        return PDF
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return None
            if archive.testzip() is not None:
                return None
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    return DOCX if b"wordprocessingml.document.main+xml" in types else None


def coverage_years(first: int, last: int) -> list[int]:
    """The years of the matrix, oldest first, at most MAX_COVERAGE_YEARS ending with `last`."""
    first, last = min(first, last), max(first, last)
    return list(range(max(first, last - MAX_COVERAGE_YEARS + 1), last + 1))


@dataclass(frozen=True)
class HeldMeeting:
    """A group meeting held (its attendance recorded), with the topics it covered."""

    group_id: int
    year: int
    topic_ids: frozenset[int]


def coverage(meetings: Iterable[HeldMeeting], years: Iterable[int]) -> dict[tuple[int, int, int], int]:
    """How many held meetings of each group covered each topic in each year, by
    (topic, group, year); only the years asked for, and only cells with a meeting."""
    years = set(years)
    found: dict[tuple[int, int, int], int] = {}
    for meeting in meetings:
        if meeting.year not in years:
            continue
        for topic_id in meeting.topic_ids:
            key = (topic_id, meeting.group_id, meeting.year)
            found[key] = found.get(key, 0) + 1
    return found


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
