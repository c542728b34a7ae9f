"""The network's plans and documents (seed 003): the competence plan, the strategy and action
plan, the network agreement, the year plan and others, each uploaded (PDF or Word) or written
in Lindra, and versioned: every change is a new version, the earlier ones are kept. A version
is approved on a day by someone, and carries the date of its next revision; when that day
comes the working group is reminded once (003 §6). The function descriptions per profession
are documents too, but live with onboarding (lindra.development) and are listed beside.

The version in force is the newest approved one (rules.current_version); the public page
serves it for documents marked public."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.annual import rules
from lindra.annual.models import Document, DocumentVersion, PublicPage
from lindra.core.audit import TEXT_SAVED, plain, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.core.pdf import pdf_from_html
from lindra.core.versions import bump_version
from lindra.mail.services import queue_message
from lindra.meetings.models import CompetenceTopic, Meeting
from lindra.registry.models import Committee, LocalGroup, Network, Term


class DocumentError(DomainError):
    """A document or version that cannot be saved as asked. On a conflict it carries the
    document's version now, so that saving again is deliberate."""

    def __init__(self, message: str, *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


# What a version's list and pages read: never the file itself.
WITHOUT_FILE = ("file",)


def _facts(version: DocumentVersion) -> rules.VersionFacts:
    return rules.VersionFacts(
        number=version.number,
        approved_on=version.approved_on,
        next_revision_on=version.next_revision_on,
        reminded=version.revision_reminded_at is not None,
    )


def _pick(versions: list[DocumentVersion], facts: rules.VersionFacts | None) -> DocumentVersion | None:
    return next((v for v in versions if facts is not None and v.number == facts.number), None)


@dataclass(frozen=True)
class DocumentRow:
    """A document with its versions (newest first), the one in force, and whether its
    revision is due."""

    document: Document
    versions: list[DocumentVersion]
    current: DocumentVersion | None
    newest: DocumentVersion | None
    due: DocumentVersion | None

    @property
    def draft(self) -> DocumentVersion | None:
        """A version newer than the one in force, not yet approved."""
        if self.newest is not None and self.newest.approved_on is None:
            return self.newest
        return None


def row_for(document: Document, versions: list[DocumentVersion], today: dt.date) -> DocumentRow:
    facts = [_facts(v) for v in versions]
    return DocumentRow(
        document=document,
        versions=versions,
        current=_pick(versions, rules.current_version(facts)),
        newest=_pick(versions, rules.newest_version(facts)),
        due=_pick(versions, rules.revision_due(facts, today)),
    )


def _with_versions(documents):
    versions = DocumentVersion.objects.defer(*WITHOUT_FILE).select_related("made_by").order_by("-number")
    return documents.prefetch_related(Prefetch("versions", queryset=versions, to_attr="all_versions"))


def documents_of(network: Network, today: dt.date | None = None) -> list[DocumentRow]:
    """The network's documents in the order of their kinds, each with its versions: two queries."""
    today = today or timezone.localdate()
    order = {kind: n for n, kind in enumerate(Document.Kind.values)}
    documents = sorted(
        _with_versions(Document.objects.filter(network=network)),
        key=lambda d: (order[d.kind], -(d.year or 0), d.title),
    )
    return [row_for(d, d.all_versions, today) for d in documents]


def document_row(document: Document, today: dt.date | None = None) -> DocumentRow:
    versions = list(document.versions.defer(*WITHOUT_FILE).select_related("made_by").order_by("-number"))
    return row_for(document, versions, today or timezone.localdate())


# --- Saving -------------------------------------------------------------------------------------


def _check_dates(approved_on: dt.date | None, next_revision_on: dt.date | None) -> None:
    problems = rules.version_problems(approved_on, next_revision_on, timezone.localdate())
    if not problems:
        return
    field, reason = problems[0]
    messages = {
        rules.APPROVED_IN_FUTURE: _("Datoen det ble godkjent kan ikke være fram i tid. Skriv datoen det ble godkjent."),
        rules.REVISION_BEFORE_APPROVAL: _("Neste revisjon må være etter datoen det ble godkjent."),
    }
    raise DocumentError(messages[reason], field=field)


def checked_file(filename: str, content: bytes) -> tuple[str, str]:
    """The file's type and the name it is stored under, judged by what it holds: a PDF or a
    Word document (DOCX) of at most 10 MB."""
    if len(content) > rules.MAX_DOCUMENT_BYTES:
        raise DocumentError(_("Filen er større enn 10 MB. Lagre den på nytt med mindre bilder."), field="file")
    kind = rules.document_file_type(content)
    if kind is None:
        raise DocumentError(
            _(
                "Filen er verken en PDF eller et Word-dokument (.docx), eller den er skadet. Lagre dokumentet "
                "som PDF eller .docx og last opp den nye filen."
            ),
            field="file",
        )
    stem = PurePath(filename).stem[:190] or _("dokument")
    return rules.DOCUMENT_FILE_TYPES[kind], f"{stem}.{kind}"


def _content_of(body: str, filename: str, content: bytes | None) -> dict:
    if content is not None and body.strip():
        raise DocumentError(
            _("Last opp en fil eller skriv teksten, ikke begge. Tøm tekstfeltet for å laste opp filen."), field="body"
        )
    if content is not None:
        content_type, name = checked_file(filename, content)
        return {"body": "", "file": content, "filename": name, "content_type": content_type}
    if not body.strip():
        raise DocumentError(_("Last opp en fil, eller skriv teksten i Lindra."), field="body")
    return {"body": body.strip(), "file": None, "filename": "", "content_type": ""}


def _version_changes(version: DocumentVersion) -> dict:
    return {
        "number": version.number,
        "body": TEXT_SAVED if version.body else "",
        "filename": version.filename,
        "approved_on": plain(version.approved_on),
        "approved_by_text": version.approved_by_text,
        "next_revision_on": plain(version.next_revision_on),
    }


def _stale_document(current_version: int | None) -> DocumentError:
    return DocumentError(
        _("Dokumentet er endret av noen andre i mellomtiden. Se over det som står nå, og lagre på nytt."),
        current_version=current_version,
    )


def _bump(document: Document, expected_version: int | None) -> None:
    document.version = bump_version(Document, document.pk, expected_version, stale=_stale_document)


def _new_version(document: Document, number: int, content: dict, dates: dict, by) -> DocumentVersion:
    return DocumentVersion.objects.create(document=document, number=number, made_by=by, **content, **dates)


@transaction.atomic
def create_document(
    network: Network,
    *,
    kind: str,
    title: str,
    year: int | None,
    public: bool,
    body: str = "",
    filename: str = "",
    content: bytes | None = None,
    approved_on: dt.date | None,
    approved_by_text: str,
    next_revision_on: dt.date | None,
    by,
    request=None,
) -> Document:
    """A new document with its first version, uploaded or written."""
    _check_dates(approved_on, next_revision_on)
    stored = _content_of(body, filename, content)
    document = Document.objects.create(network=network, kind=kind, title=title.strip(), year=year, public=public)
    dates = {
        "approved_on": approved_on,
        "approved_by_text": approved_by_text.strip(),
        "next_revision_on": next_revision_on,
    }
    version = _new_version(document, 1, stored, dates, by)
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=document,
        network=network,
        changes={"kind": kind, "title": document.title, "year": year, "public": public, **_version_changes(version)},
    )
    return document


@transaction.atomic
def add_version(
    document: Document,
    *,
    expected_version: int | None,
    body: str = "",
    filename: str = "",
    content: bytes | None = None,
    approved_on: dt.date | None,
    approved_by_text: str,
    next_revision_on: dt.date | None,
    by,
    request=None,
) -> DocumentVersion:
    """A new version of the document; the earlier ones are kept as they were."""
    _check_dates(approved_on, next_revision_on)
    stored = _content_of(body, filename, content)
    _bump(document, expected_version)
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    dates = {
        "approved_on": approved_on,
        "approved_by_text": approved_by_text.strip(),
        "next_revision_on": next_revision_on,
    }
    version = _new_version(document, number, stored, dates, by)
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=document,
        network=document.network,
        changes={"versions": {f"v{number}": _version_changes(version)}},
    )
    return version


@transaction.atomic
def change_document(
    document: Document, *, expected_version: int | None, title: str, year: int | None, public: bool, by, request=None
) -> Document:
    """The document's title, year and whether it is shown on the public page."""
    before = {"title": document.title, "year": document.year, "public": document.public}
    after = {"title": title.strip(), "year": year, "public": public}
    if before == after:
        return document
    _bump(document, expected_version)
    for name, value in after.items():
        setattr(document, name, value)
    document.save(update_fields=list(after))
    changes = {name: [before[name], value] for name, value in after.items() if before[name] != value}
    record(AuditAction.CHANGED, request=request, actor=by, obj=document, network=document.network, changes=changes)
    return document


# --- Files --------------------------------------------------------------------------------------


def version_file(version: DocumentVersion) -> tuple[bytes, str, str]:
    """The version as a file: what was uploaded, or the written text as a PDF."""
    if version.file is not None:
        return bytes(version.file), version.filename, version.content_type
    return _written_pdf(version), f"{_file_stem(version)}.pdf", rules.DOCUMENT_FILE_TYPES[rules.PDF]


def _file_stem(version: DocumentVersion) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in version.document.title.lower()).strip("-")
    return f"{safe or 'dokument'}-v{version.number}"


def _written_pdf(version: DocumentVersion) -> bytes:
    html = render_to_string("annual/document/version_pdf.html", {"version": version, "document": version.document})
    return pdf_from_html(html)


# --- The public page ----------------------------------------------------------------------------


def public_documents(network: Network, today: dt.date | None = None) -> list[DocumentRow]:
    """The documents the secretariat marked public that have an approved version, for the
    network's public page: two queries. Whether the page shows them is the page's choice; each
    row's `current` version downloads at reverse("annual:public_document", args=[slug, pk])."""
    rows = documents_of(network, today)
    return [row for row in rows if row.document.public and row.current is not None]


def public_version(slug: str, pk: int) -> DocumentVersion | None:
    """The version in force of a public document on a published page that shows documents."""
    page = PublicPage.objects.filter(slug=slug, published=True, show_documents=True).first()
    if page is None:
        return None
    document = Document.objects.filter(pk=pk, network_id=page.network_id, public=True).select_related("network")
    document = document.first()
    if document is None:
        return None
    current = document_row(document).current
    return DocumentVersion.objects.select_related("document").get(pk=current.pk) if current else None


# --- The competence plan ------------------------------------------------------------------------


# The newest meetings listed under each topic; the matrix shows the rest, group by group.
MEETINGS_PER_TOPIC = 10


@dataclass(frozen=True)
class TopicMeetings:
    topic: CompetenceTopic
    meetings: list[Meeting]  # the newest MEETINGS_PER_TOPIC
    count: int  # all the meetings that link to it

    @property
    def more(self) -> int:
        return self.count - len(self.meetings)


def topics_with_meetings(network: Network) -> list[TopicMeetings]:
    """The competence plan's topics, each with the newest meetings that link to it and how
    many do: two queries, however many meetings there are."""
    meetings = Meeting.objects.select_related("local_group", "committee").order_by("-starts_at", "-pk")
    topics = network.competence_topics.annotate(linked_count=Count("meeting")).prefetch_related(
        Prefetch("meeting_set", queryset=meetings[:MEETINGS_PER_TOPIC], to_attr="linked")
    )
    return [TopicMeetings(topic, topic.linked, topic.linked_count) for topic in topics]


@dataclass(frozen=True)
class Coverage:
    """Competence-plan topics × local groups × years: how many held meetings of each group
    covered each topic (seed 003)."""

    years: list[int]
    topics: list[CompetenceTopic]
    groups: list[LocalGroup]
    counts: dict[tuple[int, int, int], int]

    def rows(self) -> list[tuple[CompetenceTopic, list[list[int]]]]:
        """Per topic, per group, the count per year."""
        return [
            (topic, [[self.counts.get((topic.pk, g.pk, y), 0) for y in self.years] for g in self.groups])
            for topic in self.topics
        ]

    def by_year(self) -> list[tuple[int, list[tuple[CompetenceTopic, list[int]]]]]:
        """Per year, per topic, the count per group: one table a year."""
        return [
            (y, [(t, [self.counts.get((t.pk, g.pk, y), 0) for g in self.groups]) for t in self.topics])
            for y in self.years
        ]

    def uncovered(self) -> list[CompetenceTopic]:
        covered = {topic_id for topic_id, _group, _year in self.counts}
        return [t for t in self.topics if t.pk not in covered and not t.retired]


def coverage_of(network: Network, first: int, last: int) -> Coverage:
    """The coverage matrix of the years: four queries (topics, groups, meetings, their topics)."""
    years = rules.coverage_years(first, last)
    start = timezone.make_aware(dt.datetime(years[0], 1, 1))
    end = timezone.make_aware(dt.datetime(years[-1] + 1, 1, 1))
    topics = list(network.competence_topics.all())
    # The groups open in some part of the years.
    opened = Q(closed_on__isnull=True) | Q(closed_on__gte=dt.date(years[0], 1, 1))
    groups = list(network.groups.filter(opened).order_by("name"))
    held = (
        Meeting.objects.filter(
            network=network,
            kind=Meeting.Kind.GROUP,
            attendance_recorded_at__isnull=False,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .only("pk", "local_group_id", "starts_at")
        .prefetch_related(Prefetch("topics", queryset=CompetenceTopic.objects.only("pk")))
    )
    meetings = [
        rules.HeldMeeting(
            group_id=m.local_group_id,
            year=timezone.localtime(m.starts_at).year,
            topic_ids=frozenset(t.pk for t in m.topics.all()),
        )
        for m in held
    ]
    return Coverage(years=years, topics=topics, groups=groups, counts=rules.coverage(meetings, years))


def coverage_sheet(coverage: Coverage) -> tuple[list[str], list[list]]:
    """The matrix as a spreadsheet: one row per topic and group, one column per year."""
    headers = [_("Tema"), _("Lokalgruppe"), *[str(y) for y in coverage.years], _("Sum")]
    rows = []
    for topic, per_group in coverage.rows():
        for group, counts in zip(coverage.groups, per_group, strict=True):
            rows.append([topic.title, group.name, *counts, sum(counts)])
    return headers, rows


# --- Revision reminders (003 §6) ----------------------------------------------------------------


def working_group_addresses(network_ids) -> dict[int, list[str]]:
    """The e-mail addresses of the members of each network's working groups by their current
    terms: one query."""
    today = timezone.localdate()
    found: dict[int, set[str]] = defaultdict(set)
    terms = Term.objects.current(today).filter(
        committee__network__in=list(network_ids),
        committee__kind=Committee.Kind.WORKING,
        committee__closed_on__isnull=True,
    )
    for network_id, email in terms.values_list("committee__network_id", "person__email"):
        if email:
            found[network_id].add(email)
    return {network_id: sorted(emails) for network_id, emails in found.items()}


def _newest_due(today: dt.date):
    """The newest version of each document, where its revision is due: older versions are
    superseded, and their dates no longer count."""
    newest = DocumentVersion.objects.filter(document=OuterRef("document")).order_by("-number").values("number")[:1]
    return DocumentVersion.objects.filter(next_revision_on__lte=today, number=Subquery(newest))


def _due_reminders(today: dt.date) -> list[DocumentRow]:
    """The documents whose newest version's revision is due and not yet reminded of: once all
    have been reminded, none is loaded."""
    due = _newest_due(today).filter(revision_reminded_at__isnull=True)
    candidates = Document.objects.filter(pk__in=due.values("document_id"))
    rows = [row_for(d, d.all_versions, today) for d in _with_versions(candidates).select_related("network")]
    return [row for row in rows if row.due is not None and row.due.revision_reminded_at is None]


def send_revision_reminders(now: dt.datetime | None = None) -> int:
    """A periodic job: when a document's next revision is due, its network's working group (by
    their current terms; without one, the secretariat) is reminded once. A job stopped over the
    date catches up when it runs again; a version superseded by a newer one is never reminded
    of. Returns how many reminders were queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = _due_reminders(today)
    addresses = working_group_addresses({row.document.network_id for row in due})
    sent = 0
    for row in due:
        sent += _remind(row, addresses.get(row.document.network_id, []), now)
    return sent


@transaction.atomic
def _remind(row: DocumentRow, working_group: list[str], now: dt.datetime) -> int:
    # Recorded with a conditional update: a second job running at once sends nothing.
    claimed = DocumentVersion.objects.filter(pk=row.due.pk, revision_reminded_at__isnull=True).update(
        revision_reminded_at=now
    )
    if not claimed:
        return 0
    document, network = row.document, row.document.network
    queue_message(
        "document_revision_due",
        to=working_group or [network.secretariat_email],
        context={
            "document": document,
            "version": row.due,
            "network": network,
            "to_working_group": bool(working_group),
            "url": settings.SITE_URL + document.get_absolute_url(),
        },
        network=network,
        dedupe_key=f"document-revision:{row.due.pk}",
    )
    return 1


def due_for_revision(roles, today: dt.date) -> list[DocumentRow]:
    """ "Dokumenter som skal revideres": for the secretariat of the networks and for the
    members of their working groups. Three queries."""
    working = Committee.objects.filter(pk__in=roles.committees, kind=Committee.Kind.WORKING, closed_on__isnull=True)
    networks = Q(network__in=roles.secretariat_networks) | Q(network__in=working.values("network_id"))
    candidates = Document.objects.filter(networks, pk__in=_newest_due(today).values("document_id"))
    rows = [row_for(d, d.all_versions, today) for d in _with_versions(candidates).select_related("network")]
    return sorted((row for row in rows if row.due is not None), key=lambda r: r.due.next_revision_on)
