"""The annual report's charts, drawn on the server as SVG by pygal from the report's figures.
Each chart comes with its figures as a table (rows and headers) for screen readers and for
whoever prefers numbers; the picture itself says only what the table says."""

import base64
from dataclasses import dataclass

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

# Designsystemet's blue and its greys: the bars, the requirement, the text.
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1e2b3c",
    foreground_strong="#1e2b3c",
    foreground_subtle="#68707c",
    colors=("#0062ba", "#c0651c", "#6c3e9e"),
    font_family="Inter, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
    value_colors=("white",),
)
BAR_HEIGHT = 14  # pixels per bar in the charts of groups
WIDTH = 800
# Beyond this many local groups a chart of one bar per group is unreadable on a page: it shows
# how many groups fall in each band instead (the table still lists every group).
MOST_GROUPS_AS_BARS = 40


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    svg: str
    headers: list[str]
    rows: list[list]

    @property
    def data_uri(self) -> str:
        return svg_data_uri(self.svg)


def svg_data_uri(svg: str) -> str:
    """An SVG as the address of an image: shown with <img>, its own styles stay inside it and
    the page needs no inline styles (the Content-Security-Policy allows none)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _bars(title: str, names: list[str], series: list[tuple[str, list]]) -> str:
    chart = pygal.HorizontalBar(
        style=STYLE,
        width=WIDTH,
        height=max(240, 150 + len(names) * (BAR_HEIGHT * len(series) + 10)),
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(series),
        print_values=False,
        js=[],
        disable_xml_declaration=True,
        truncate_label=40,
        title=title,
        x_labels=names[::-1],  # pygal draws the first label at the bottom: the table's order from the top
        spacing=6,
        margin=12,
    )
    for label, values in series:
        chart.add(label, values[::-1])
    return chart.render(is_unicode=True)


def _distribution(title: str, values: list, bands: list[tuple[str, float, float]], requirement: str) -> str:
    """How many groups fall in each band [low, high), for a network of many groups."""
    chart = pygal.Bar(
        style=STYLE,
        width=WIDTH,
        height=340,
        show_legend=False,
        print_values=True,
        js=[],
        disable_xml_declaration=True,
        title=title,
        x_title=requirement,
        x_labels=[label for label, _low, _high in bands],
        margin=12,
    )
    chart.add(
        _("Lokale nettverk"), [sum(1 for v in values if v is not None and low <= v < high) for _l, low, high in bands]
    )
    return chart.render(is_unicode=True)


def _count_bands(most: int) -> list[tuple[str, float, float]]:
    return [(str(n), n, n + 1) for n in range(most)] + [(f"{most}+", most, float("inf"))]


def _group_chart(groups: list[dict], title: str, series: list[tuple[str, str]], band_of: tuple) -> str:
    """One bar per group and series; beyond MOST_GROUPS_AS_BARS, the groups per band of the
    first series' value."""
    if len(groups) <= MOST_GROUPS_AS_BARS:
        return _bars(title, [g["name"] for g in groups], [(label, [g[key] for g in groups]) for label, key in series])
    bands, requirement = band_of
    return _distribution(title, [g[series[0][1]] for g in groups], bands, requirement)


def charts(figures: dict) -> list[Chart]:
    groups = figures["groups"]
    required = figures["meetings_required"]
    found = [
        Chart(
            "meetings",
            _("Møter holdt per lokalt nettverk mot kravet"),
            _group_chart(
                groups,
                _("Møter holdt mot kravet"),
                [(_("Holdt"), "held"), (_("Krav"), "required")],
                (_count_bands(required + 1), _("Møter holdt (kravet er %(n)s)") % {"n": required}),
            ),
            [_("Lokalt nettverk"), _("Holdt"), _("Krav")],
            [[g["name"], g["held"], g["required"]] for g in groups],
        )
    ]
    minimum = figures["minimum_hours"]
    if minimum is not None:
        step = max(1, minimum // 4)
        found.append(
            Chart(
                "hours",
                _("Samlingstimer per lokalt nettverk mot minstekravet"),
                _group_chart(
                    groups,
                    _("Samlingstimer mot minstekravet"),
                    [(_("Timer holdt"), "hours"), (_("Minstekrav"), "minimum_hours")],
                    (
                        [(f"{low}–{low + step}", low, low + step) for low in range(0, minimum, step)]
                        + [(f"{minimum}+", minimum, float("inf"))],
                        _("Timer holdt (minstekravet er %(n)s)") % {"n": minimum},
                    ),
                ),
                [_("Lokalt nettverk"), _("Timer holdt"), _("Minstekrav")],
                [[g["name"], _number(g["hours"]), g["minimum_hours"]] for g in groups],
            )
        )
    found.append(
        Chart(
            "attendance",
            _("Oppmøte per lokalt nettverk"),
            _group_chart(
                groups,
                _("Oppmøte i prosent av medlemmene som var kalt inn"),
                [(_("Oppmøte (%)"), "attendance_percent")],
                (
                    [(f"{low}–{low + 10}", low, low + 10) for low in range(0, 100, 10)] + [("100", 100, 101)],
                    _("Oppmøte (%)"),
                ),
            ),
            [_("Lokalt nettverk"), _("Til stede"), _("Kalt inn"), _("Oppmøte (%)")],
            [[g["name"], g["present"], g["marked"], _percent(g["attendance_percent"])] for g in groups],
        )
    )
    years = figures["members_over_years"]
    members = pygal.Bar(
        style=STYLE,
        width=WIDTH,
        height=320,
        show_legend=False,
        js=[],
        disable_xml_declaration=True,
        title=_("Medlemmer ved utgangen av hvert år"),
        x_labels=[str(y) for y, _n in years],
        margin=12,
    )
    members.add(_("Medlemmer"), [n for _y, n in years])
    found.append(
        Chart(
            "members",
            _("Medlemmer gjennom årene"),
            members.render(is_unicode=True),
            [_("År"), _("Medlemmer")],
            [[str(y), n] for y, n in years],
        )
    )
    return found


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _percent(value: int | None) -> str:
    return "–" if value is None else f"{value} %"
