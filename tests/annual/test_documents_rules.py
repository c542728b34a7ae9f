"""The rules of the network's documents: which version is in force, which is due for revision
and whether its working group is still to be reminded, the dates a version may carry, what
counts as a PDF or a Word file, and the coverage matrix of the competence plan."""

import datetime as dt
import io
import zipfile

from hypothesis import assume, given
from hypothesis import strategies as st

from lindra.annual import rules
from lindra.annual.rules import VersionFacts
from tests.annual.conftest import docx_of, pdf_of

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
maybe_days = st.none() | days


@st.composite
def version_lists(draw) -> list[VersionFacts]:
    numbers = draw(st.lists(st.integers(1, 30), unique=True, max_size=8))
    return [
        VersionFacts(
            number=n, approved_on=draw(maybe_days), next_revision_on=draw(maybe_days), reminded=draw(st.booleans())
        )
        for n in numbers
    ]


@given(version_lists())
def test_the_version_in_force_is_the_newest_approved(versions):
    current = rules.current_version(versions)
    approved = [v for v in versions if v.approved_on is not None]
    if not approved:
        assert current is None
        return
    assert current in approved
    assert all(v.number <= current.number for v in approved)


@given(version_lists())
def test_a_newer_draft_does_not_replace_the_version_in_force(versions):
    current = rules.current_version(versions)
    assume(current is not None)
    top = max(v.number for v in versions)
    with_draft = [*versions, VersionFacts(number=top + 1, approved_on=None, next_revision_on=None)]
    assert rules.current_version(with_draft) == current
    assert rules.newest_version(with_draft).number == top + 1


@given(version_lists(), days)
def test_only_the_newest_version_can_be_due_and_only_once_its_day_has_come(versions, today):
    due = rules.revision_due(versions, today)
    if due is None:
        newest = rules.newest_version(versions)
        assert newest is None or newest.next_revision_on is None or newest.next_revision_on > today
        return
    assert due == rules.newest_version(versions)
    assert due.next_revision_on <= today


@given(version_lists(), st.integers(0, 400), st.integers(0, 400))
def test_once_due_a_version_stays_due_until_a_newer_one_is_made(versions, overdue, later):
    newest = rules.newest_version(versions)
    if newest is None or newest.next_revision_on is None:
        return
    today = newest.next_revision_on + dt.timedelta(days=overdue)
    due = rules.revision_due(versions, today)
    assert due == newest
    assert rules.revision_due(versions, today + dt.timedelta(days=later)) == due
    newer = VersionFacts(number=due.number + 1, approved_on=today, next_revision_on=None)
    assert rules.revision_due([*versions, newer], today + dt.timedelta(days=later)) is None


@given(version_lists(), days)
def test_a_reminder_is_due_for_a_due_version_not_yet_reminded(versions, today):
    reminder = rules.revision_reminder_due(versions, today)
    due = rules.revision_due(versions, today)
    assert reminder == (due if due is not None and not due.reminded else None)


def test_a_superseded_version_is_never_due_whatever_its_date():
    old = VersionFacts(number=1, approved_on=dt.date(2024, 1, 1), next_revision_on=dt.date(2025, 1, 1))
    new = VersionFacts(number=2, approved_on=dt.date(2025, 2, 1), next_revision_on=dt.date(2027, 2, 1))
    assert rules.revision_due([old, new], dt.date(2026, 6, 1)) is None
    assert rules.revision_due([old, new], dt.date(2027, 2, 1)) == new


@given(maybe_days, maybe_days, days)
def test_a_version_is_approved_no_later_than_today_and_revised_after_its_approval(approved_on, next_on, today):
    problems = dict(rules.version_problems(approved_on, next_on, today))
    assert ("approved_on" in problems) == (approved_on is not None and approved_on > today)
    late_enough = approved_on is None or next_on is None or next_on > approved_on
    assert ("next_revision_on" in problems) == (not late_enough)


def test_a_pdf_and_a_word_document_are_known_by_what_they_hold():
    assert rules.document_file_type(pdf_of("Nettverksavtale")) == rules.PDF
    assert rules.document_file_type(docx_of("Handlingsplan")) == rules.DOCX


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_or_a_spreadsheet_or_a_cut_off_file_is_neither():
    assert rules.document_file_type(zipped({"hei.txt": b"hei"})) is None
    sheet = zipped({"[Content_Types].xml": b"spreadsheetml.sheet.main+xml", "xl/workbook.xml": b"<x/>"})
    assert rules.document_file_type(sheet) is None
    word = docx_of("Handlingsplan")
    assert rules.document_file_type(word[: len(word) // 2]) is None
    pdf = pdf_of("Nettverksavtale")
    assert rules.document_file_type(pdf[: len(pdf) - 3000]) is None
    assert rules.document_file_type(b"MZ\x90\x00 a program") is None


@given(st.binary(max_size=2000))
def test_random_bytes_are_no_document(content):
    assume(not content.startswith((b"%PDF-", b"PK\x03\x04")))
    assert rules.document_file_type(content) is None


@given(st.integers(2000, 2099), st.integers(2000, 2099))
def test_the_matrix_shows_consecutive_years_at_most_ten_ending_with_the_last(first, last):
    years = rules.coverage_years(first, last)
    assert years == list(range(years[0], years[-1] + 1))
    assert years[-1] == max(first, last)
    assert len(years) == min(abs(last - first) + 1, rules.MAX_COVERAGE_YEARS)


meetings = st.lists(
    st.builds(
        rules.HeldMeeting,
        group_id=st.integers(1, 4),
        year=st.integers(2024, 2028),
        topic_ids=st.frozensets(st.integers(1, 5), max_size=3),
    ),
    max_size=30,
)


@given(meetings, st.sets(st.integers(2024, 2028)))
def test_each_cell_counts_the_held_meetings_of_the_group_in_the_year_that_covered_the_topic(held, years):
    found = rules.coverage(held, years)
    for (topic, group, year), count in found.items():
        assert year in years
        assert count == sum(1 for m in held if m.group_id == group and m.year == year and topic in m.topic_ids)
    links = sum(len(m.topic_ids) for m in held if m.year in years)
    assert sum(found.values()) == links
