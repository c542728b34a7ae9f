"""The network's annual wheel (årshjul): one picture of the year, as secretariats draw it by hand,
with the same items as a list. The network's wheel has a lane for the network's own items (the
questionnaire's window, the annual report, documents due for revision, fagdag and courses), one
per committee and one per local group; with many groups, the groups become one lane of monthly
counts, and each group's own wheel shows its meetings. A group's wheel has the group's meetings
and what the network holds for its members.

Each wheel is read in a fixed number of queries, whatever the number of groups or meetings.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.accounts.roles import Roles
from lindra.annual import rules
from lindra.annual.models import AnnualReport, DocumentVersion, Questionnaire
from lindra.annual.rules import ItemState
from lindra.core.pdf import pdf_from_html
from lindra.core.tables import url_for_each
from lindra.meetings import rules as meeting_rules
from lindra.meetings.access import meeting_url_for
from lindra.meetings.models import Meeting, Minutes
from lindra.meetings.yearly import year_bounds
from lindra.registry.models import Committee, LocalGroup, Network
from lindra.registry.rules import norwegian

STATE_LABELS = {
    ItemState.PLANNED: gettext_lazy("planlagt"),
    ItemState.DONE: gettext_lazy("gjennomført"),
    ItemState.LATE: gettext_lazy("forsinket"),
}
# Designsystemet's tag colours for the list, beside the picture's own.
STATE_TAG_COLORS = {ItemState.PLANNED: "info", ItemState.DONE: "success", ItemState.LATE: "danger"}
STATE_FILL = {ItemState.PLANNED: "#ffffff", ItemState.DONE: "#06893a", ItemState.LATE: "#c22020"}
STATE_STROKE = {ItemState.PLANNED: "#0062ba", ItemState.DONE: "#06893a", ItemState.LATE: "#8a1515"}


@dataclass(frozen=True)
class Item:
    starts_on: dt.date
    ends_on: dt.date
    title: str
    what: str
    state: ItemState
    url: str = ""

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def tag_color(self) -> str:
        return STATE_TAG_COLORS[self.state]

    @property
    def when(self) -> str:
        if self.ends_on == self.starts_on:
            return date_format(self.starts_on, "MONTH_DAY_FORMAT")
        return f"{date_format(self.starts_on, 'MONTH_DAY_FORMAT')} – {date_format(self.ends_on, 'MONTH_DAY_FORMAT')}"


@dataclass(frozen=True)
class Lane:
    key: str
    label: str
    section: str  # the heading the lane is listed under
    items: tuple[Item, ...]
    url: str = ""  # the page of what the lane is (a group's own wheel)


@dataclass(frozen=True)
class GroupSummary:
    """A group on the network's wheel when the groups are counted, not drawn."""

    group: LocalGroup
    counts: dict[ItemState, int]
    url: str

    @property
    def done(self) -> int:
        return self.counts[ItemState.DONE]

    @property
    def planned(self) -> int:
        return self.counts[ItemState.PLANNED]

    @property
    def late(self) -> int:
        return self.counts[ItemState.LATE]


@dataclass(frozen=True)
class Wheel:
    network: Network
    year: int
    today: dt.date
    lanes: list[Lane]
    group: LocalGroup | None = None
    # With more groups than the wheel draws: their meetings counted per month and per group.
    group_months: list[dict[ItemState, int]] | None = None
    group_summaries: list[GroupSummary] = field(default_factory=list)
    groups_url: str = ""

    @property
    def aggregated(self) -> bool:
        return self.group_months is not None

    @property
    def sections(self) -> list[tuple[str, list[Lane]]]:
        found: dict[str, list[Lane]] = {}
        for lane in self.lanes:
            found.setdefault(lane.section, []).append(lane)
        return list(found.items())

    @property
    def counts(self) -> dict[ItemState, int]:
        counts = dict.fromkeys(ItemState, 0)
        for lane in self.lanes:
            for item in lane.items:
                counts[item.state] += 1
        for month in self.group_months or []:
            for state, n in month.items():
                counts[state] += n
        return counts


def wheel_url(network: Network, year: int) -> str:
    return reverse("annual:wheel", args=[network.pk, year])


def group_wheel_url(group: LocalGroup, year: int) -> str:
    return reverse("annual:group_wheel", args=[group.pk, year])


def wheel_pdf_url(network: Network, year: int) -> str:
    return reverse("annual:wheel_pdf", args=[network.pk, year])


def group_wheel_pdf_url(group: LocalGroup, year: int) -> str:
    return reverse("annual:group_wheel_pdf", args=[group.pk, year])


# --- Reading the year --------------------------------------------------------------------------


def _meetings(network: Network, year: int):
    start, end = year_bounds(year)
    return (
        Meeting.objects.filter(network=network, starts_at__gte=start, starts_at__lt=end)
        # What an item and the link to the meeting (meeting_url_for) read, and no more.
        .only(
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "attendance_recorded_at",
            "network_id",
            "local_group_id",
            "committee_id",
            "minute_taker_id",
            "operations_representative_id",
        )
        .annotate(minutes_status=F("minutes__status"))
        .order_by("starts_at")
    )


def _state(
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    recorded: bool,
    minutes_status: str | None,
    policy,
    today: dt.date,
    zone=None,
) -> tuple[dt.date, dt.date, ItemState]:
    """A meeting's first and last day, and its state on the wheel. The zone is the current one
    when not given (a long list looks it up once)."""
    starts_on, ends_on = timezone.localdate(starts_at, zone), timezone.localdate(ends_at, zone)
    state = rules.meeting_state(
        ends_on=ends_on,
        attendance_recorded=recorded,
        minutes_approved=minutes_status == Minutes.Status.APPROVED,
        minutes_sent_due=meeting_rules.minutes_sent_due_on(ends_on, policy),
        today=today,
    )
    return starts_on, ends_on, state


def _meeting_item(meeting: Meeting, roles: Roles, policy, today: dt.date) -> Item:
    starts_on, ends_on, state = _state(
        meeting.starts_at,
        meeting.ends_at,
        meeting.attendance_recorded_at is not None,
        meeting.minutes_status,
        policy,
        today,
    )
    return Item(starts_on, ends_on, meeting.title, meeting.get_kind_display(), state, meeting_url_for(roles, meeting))


def _questionnaire_items(network: Network, year: int, today: dt.date, *, links: bool) -> list[Item]:
    found = Questionnaire.objects.filter(
        network=network, opens_on__lte=dt.date(year, 12, 31), closes_on__gte=dt.date(year, 1, 1)
    ).order_by("opens_on")
    return [
        Item(
            q.opens_on,
            q.closes_on,
            q.title,
            _("Spørreskjema"),
            rules.questionnaire_item_state(
                opens_on=q.opens_on, closes_on=q.closes_on, sent=q.sent_at is not None, today=today
            ),
            q.get_absolute_url() if links else "",
        )
        for q in found
    ]


def _annual_report_item(network: Network, year: int, today: dt.date, *, links: bool) -> Item:
    """The previous year's report: when it was published, or when it is due. It leads to the
    report once the secretariat has begun it."""
    report = AnnualReport.objects.filter(network=network, year=year - 1).first()
    published = report is not None and report.status == AnnualReport.Status.PUBLISHED and report.published_at
    due_on = rules.annual_report_due_on(year - 1)
    day = timezone.localdate(report.published_at) if published else due_on
    state = rules.item_state(done=bool(published), due_on=due_on, today=today)
    title = _("Årsrapport %(year)s") % {"year": year - 1}
    return Item(day, day, title, _("Årsrapport"), state, report.get_absolute_url() if report and links else "")


def _revision_items(network: Network, year: int, today: dt.date, *, links: bool) -> list[Item]:
    """Documents whose current version (the newest) is due for revision in the year."""
    newest = DocumentVersion.objects.filter(document=OuterRef("document")).order_by("-number").values("number")[:1]
    versions = (
        DocumentVersion.objects.filter(document__network=network, next_revision_on__year=year)
        .filter(number=Subquery(newest))
        .select_related("document")
        .only("next_revision_on", "number", "document__title", "document__network_id", "document__kind")
        .order_by("next_revision_on")
    )
    return [
        Item(
            v.next_revision_on,
            v.next_revision_on,
            v.document.title,
            _("Revisjon"),
            rules.item_state(done=False, due_on=v.next_revision_on, today=today),
            v.document.get_absolute_url() if links else "",
        )
        for v in versions
    ]


def _groups_of_year(network: Network, year: int) -> list[LocalGroup]:
    groups = LocalGroup.objects.filter(network=network).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=dt.date(year, 1, 1))
    )
    return sorted(groups, key=lambda g: norwegian(g.name))


def _committees_of_year(network: Network, year: int, meeting_committees: set[int]) -> list[Committee]:
    committees = Committee.objects.filter(network=network).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=dt.date(year, 1, 1)) | Q(pk__in=meeting_committees)
    )
    return sorted(committees, key=lambda c: norwegian(c.name))


# ANNUAL_LINKS: the questionnaire, the annual report and the documents lead to their pages for
# the network's secretariat, who keeps them; the committees and the members read them elsewhere
# (the report once published, the documents marked public), so for them the items are text.

NETWORK = gettext_lazy("Nettverket")
COMMITTEES = gettext_lazy("Utvalgene")
GROUPS = gettext_lazy("Lokalgruppene")


def network_wheel(network: Network, year: int, roles: Roles, today: dt.date) -> Wheel:
    """The whole network's year. Six queries; seven when the groups are counted."""
    policy = network.policy
    links = roles.runs_network(network.pk)  # see ANNUAL_LINKS
    groups = _groups_of_year(network, year)
    # With more groups than the wheel draws, their meetings are only counted: no items to make.
    counted = len(groups) > rules.GROUP_LANES_AT_MOST
    meetings = _meetings(network, year)
    group_states: dict[int, list[tuple[dt.date, ItemState]]] = defaultdict(list)
    if counted:
        # Only counted: the group meetings are read as values, without an item or a link each.
        zone = timezone.get_current_timezone()
        recorded = ExpressionWrapper(Q(attendance_recorded_at__isnull=False), output_field=BooleanField())
        for group_id, *meeting in meetings.filter(kind=Meeting.Kind.GROUP).values_list(
            "local_group_id", "starts_at", "ends_at", recorded, "minutes_status"
        ):
            starts_on, _ends_on, state = _state(*meeting, policy, today, zone)
            group_states[group_id].append((starts_on, state))
        meetings = meetings.exclude(kind=Meeting.Kind.GROUP)
    meetings = list(meetings)
    events = [m for m in meetings if m.kind in (Meeting.Kind.FAGDAG, Meeting.Kind.COURSE)]
    by_committee: dict[int, list[Item]] = defaultdict(list)
    by_group: dict[int, list[Item]] = defaultdict(list)
    for meeting in meetings:
        if meeting.kind == Meeting.Kind.COMMITTEE:
            by_committee[meeting.committee_id].append(_meeting_item(meeting, roles, policy, today))
        elif meeting.kind == Meeting.Kind.GROUP:
            by_group[meeting.local_group_id].append(_meeting_item(meeting, roles, policy, today))
    lanes = [
        Lane(
            "questionnaire",
            _("Spørreskjema"),
            str(NETWORK),
            tuple(_questionnaire_items(network, year, today, links=links)),
        ),
        Lane("report", _("Årsrapport"), str(NETWORK), (_annual_report_item(network, year, today, links=links),)),
        Lane(
            "documents",
            _("Dokumenter til revisjon"),
            str(NETWORK),
            tuple(_revision_items(network, year, today, links=links)),
        ),
        Lane(
            "events",
            _("Fagdag og kurs"),
            str(NETWORK),
            tuple(_meeting_item(m, roles, policy, today) for m in events),
        ),
    ]
    for committee in _committees_of_year(network, year, set(by_committee)):
        lanes.append(
            Lane(f"committee-{committee.pk}", committee.name, str(COMMITTEES), tuple(by_committee[committee.pk]))
        )
    if not counted:
        for group in groups:
            lanes.append(
                Lane(
                    f"group-{group.pk}",
                    group.name,
                    str(GROUPS),
                    tuple(by_group[group.pk]),
                    group_wheel_url(group, year),
                )
            )
        return Wheel(network=network, year=year, today=today, lanes=lanes)
    all_items = [item for items in group_states.values() for item in items]
    summaries = []
    group_url = url_for_each("annual:group_wheel", year)
    for group in groups:
        counts = dict.fromkeys(ItemState, 0)
        for _starts_on, state in group_states[group.pk]:
            counts[state] += 1
        summaries.append(GroupSummary(group, counts, group_url(group.pk)))
    return Wheel(
        network=network,
        year=year,
        today=today,
        lanes=lanes,
        group_months=rules.month_counts(all_items, year),
        group_summaries=summaries,
        groups_url=reverse("meetings:network_year_for", args=[network.pk, year]),
    )


def group_wheel(group: LocalGroup, year: int, roles: Roles, today: dt.date) -> Wheel:
    """One group's year: its meetings, and the network's fagdag, courses and questionnaire that
    its members take part in. Two queries."""
    network = group.network
    policy = network.policy
    meetings = _meetings(network, year).filter(
        Q(local_group=group) | Q(kind__in=[Meeting.Kind.FAGDAG, Meeting.Kind.COURSE])
    )
    own, events = [], []
    for meeting in meetings:
        (own if meeting.kind == Meeting.Kind.GROUP else events).append(_meeting_item(meeting, roles, policy, today))
    links = roles.runs_network(network.pk)  # see ANNUAL_LINKS
    lanes = [
        Lane(
            "questionnaire",
            _("Spørreskjema"),
            str(NETWORK),
            tuple(_questionnaire_items(network, year, today, links=links)),
        ),
        Lane("events", _("Fagdag og kurs"), str(NETWORK), tuple(events)),
        Lane(f"group-{group.pk}", group.name, _("Gruppen"), tuple(own)),
    ]
    return Wheel(network=network, year=year, today=today, lanes=lanes, group=group)


# --- Drawing it ----------------------------------------------------------------------------------

WIDTH = 1000
LABEL_WIDTH = 200
CHART_LEFT = LABEL_WIDTH + 8
CHART_WIDTH = WIDTH - CHART_LEFT - 8
TOP = 34
SECTION_HEIGHT = 24
LANE_HEIGHT = 30
LABEL_CHARS = 28


@dataclass(frozen=True)
class Mark:
    x: float
    x_end: float  # equal to x for a single day
    y: float
    item: Item

    @property
    def span(self) -> bool:
        return self.x_end - self.x > 4

    @property
    def width(self) -> float:
        return self.x_end - self.x

    @property
    def fill(self) -> str:
        return STATE_FILL[self.item.state]

    @property
    def stroke(self) -> str:
        return STATE_STROKE[self.item.state]

    @property
    def late(self) -> bool:
        return self.item.state == ItemState.LATE

    @property
    def day(self) -> int:
        return self.item.starts_on.day

    @property
    def diamond(self) -> str:
        """The points of a late item's diamond."""
        r = 7
        points = ((self.x, self.y - r), (self.x + r, self.y), (self.x, self.y + r), (self.x - r, self.y))
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


@dataclass(frozen=True)
class Row:
    y: float  # top of the row
    label: str
    heading: bool
    url: str = ""

    @property
    def middle(self) -> float:
        return self.y + (SECTION_HEIGHT if self.heading else LANE_HEIGHT) / 2


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    fill: str
    stroke: str


@dataclass(frozen=True)
class MonthCount:
    x: float
    y: float
    total: int
    segments: tuple[Segment, ...]
    title: str


@dataclass(frozen=True)
class Picture:
    height: float
    months: list[tuple[float, str]]  # the x of each month's middle and its short name
    month_lines: list[float]
    rows: list[Row]
    marks: list[Mark]
    month_counts: list[MonthCount]
    today_x: float | None
    width: int = WIDTH

    @property
    def today_label_x(self) -> float | None:
        return None if self.today_x is None else self.today_x + 3


def _x(day: dt.date, year: int) -> float:
    return CHART_LEFT + rules.year_fraction(day, year) * CHART_WIDTH


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def picture(wheel: Wheel) -> Picture:
    """Where everything of the wheel is drawn: months across, lanes down."""
    year = wheel.year
    month_width = CHART_WIDTH / 12
    months = [(CHART_LEFT + (i + 0.5) * month_width, date_format(dt.date(year, i + 1, 1), "b")) for i in range(12)]
    rows: list[Row] = []
    marks: list[Mark] = []
    y = TOP
    for section, lanes in wheel.sections:
        rows.append(Row(y, section, True))
        y += SECTION_HEIGHT
        for lane in lanes:
            rows.append(Row(y, _short(lane.label), False, lane.url))
            middle = y + LANE_HEIGHT / 2 + 4
            marks.extend(Mark(_x(item.starts_on, year), _x(item.ends_on, year), middle, item) for item in lane.items)
            y += LANE_HEIGHT
    counts: list[MonthCount] = []
    if wheel.group_months is not None:
        rows.append(Row(y, str(GROUPS), True))
        y += SECTION_HEIGHT
        rows.append(
            Row(y, _("%(n)s grupper: møter per måned") % {"n": len(wheel.group_summaries)}, False, wheel.groups_url)
        )
        counts = _month_counts(wheel.group_months, y)
        y += LANE_HEIGHT
    today_x = _x(wheel.today, year) if wheel.today.year == year else None
    return Picture(
        height=y + 8,
        months=months,
        month_lines=[CHART_LEFT + i * month_width for i in range(13)],
        rows=rows,
        marks=marks,
        month_counts=counts,
        today_x=today_x,
    )


def _month_counts(months: list[dict[ItemState, int]], y: float) -> list[MonthCount]:
    month_width = CHART_WIDTH / 12
    bar = month_width - 12
    found = []
    for i, counts in enumerate(months):
        total = sum(counts.values())
        x = CHART_LEFT + i * month_width + 6
        segments = []
        offset = 0.0
        for state in (ItemState.DONE, ItemState.PLANNED, ItemState.LATE):
            if counts[state]:
                width = bar * counts[state] / total
                segments.append(Segment(x + offset, y + 16, width, STATE_FILL[state], STATE_STROKE[state]))
                offset += width
        title = ", ".join(f"{counts[s]} {STATE_LABELS[s]}" for s in ItemState)
        found.append(MonthCount(x + bar / 2, y + 12, total, tuple(segments), title))
    return found


def svg(wheel: Wheel) -> SafeString:
    """The wheel as an SVG element, for a page or a PDF."""
    return render_to_string("annual/wheel/_svg.html", {"p": picture(wheel)})


def context(wheel: Wheel) -> dict:
    """What the wheel's template (the picture, its legend and the list) needs."""
    months = [
        {
            "name": date_format(dt.date(wheel.year, i + 1, 1), "F"),
            "done": counts[ItemState.DONE],
            "planned": counts[ItemState.PLANNED],
            "late": counts[ItemState.LATE],
        }
        for i, counts in enumerate(wheel.group_months or [])
    ]
    return {
        "wheel": wheel,
        "svg": svg(wheel),
        "months": months,
        "report_due": rules.annual_report_due_on(wheel.year - 1),
    }


def render(wheel: Wheel, shown: dict | None = None) -> SafeString:
    """The picture with its legend and the same items as a list: what another page embeds.
    `shown` is the wheel's context(), when the caller has made it already."""
    return render_to_string("annual/wheel/_wheel.html", shown or context(wheel))


def title(wheel: Wheel) -> str:
    return _("Årshjul %(year)s") % {"year": wheel.year}


def render_pdf(wheel: Wheel) -> bytes:
    """The picture and its legend on one A4 page, landscape."""
    html = render_to_string(
        "annual/wheel/pdf.html",
        {**context(wheel), "title": title(wheel), "counts": wheel.counts},
    )
    return pdf_from_html(html)


def pdf_filename(wheel: Wheel) -> str:
    what = slugify(wheel.group.name if wheel.group else wheel.network.short_name or wheel.network.name)
    return f"arshjul-{what}-{wheel.year}.pdf"
