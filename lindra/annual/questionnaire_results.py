"""The results of a questionnaire: per question a chart and its figures, the free-text answers,
filtered by local group, profession and kind of workplace, and a spreadsheet of every answer.
A fixed number of queries whatever the number of answers; no selection of fewer than five
answers is shown, nor one that differs from a larger shown selection by fewer than five."""

from dataclasses import dataclass, field
from itertools import combinations

import pygal
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from pygal.style import Style

from lindra.annual import rules
from lindra.annual.models import Question, Questionnaire, Respondent, Response
from lindra.annual.questionnaires import facts_of, questions_of
from lindra.annual.report_charts import svg_data_uri
from lindra.core.forms import as_id
from lindra.core.spreadsheets import xlsx_response
from lindra.registry.models import LocalGroup, Profession, Workplace

FILTERS = ("local_group", "profession", "workplace_kind", "role")
CHART_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1e2b3c",
    foreground_strong="#1e2b3c",
    foreground_subtle="#68707c",
    colors=("#0062ba",),
    font_family="system-ui, sans-serif",
    label_font_size=18,
    major_label_font_size=18,
    value_font_size=18,
)


@dataclass(frozen=True)
class Selection:
    local_group: int | None = None
    profession: str = ""
    workplace_kind: str = ""
    role: str = ""

    @classmethod
    def from_query(cls, query, options: "Options") -> "Selection":
        """The filters chosen in the page's query string; an unknown value is ignored."""
        group = query.get("gruppe", "")
        group_id = as_id(group) if as_id(group) in {g.pk for g in options.groups} else None
        profession = query.get("yrke", "")
        kind = query.get("arbeidssted", "")
        role = query.get("rolle", "")
        return cls(
            group_id,
            profession if profession in dict(options.professions) else "",
            kind if kind in dict(options.workplace_kinds) else "",
            role if role in dict(options.roles) else "",
        )

    def active(self) -> dict:
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}

    def q(self, chosen: dict | None = None) -> Q:
        chosen = self.active() if chosen is None else chosen
        return Q(**{("local_group_id" if k == "local_group" else k): v for k, v in chosen.items()})


@dataclass(frozen=True)
class Options:
    groups: list
    professions: list[tuple[str, str]]
    workplace_kinds: list[tuple[str, str]]
    roles: list[tuple[str, str]]  # offered only when leaders were asked too


@dataclass
class QuestionResult:
    question: Question
    answered: int
    counts: list[tuple[str, int]] = field(default_factory=list)
    figures: rules.NumberFigures | None = None
    texts: list[str] = field(default_factory=list)
    chart: str = ""

    @property
    def chart_uri(self) -> str:
        return svg_data_uri(self.chart) if self.chart else ""


@dataclass
class Results:
    total: int  # finished responses in all
    count: int  # in the selection
    shown: bool
    questions: list[QuestionResult]


def options_for(questionnaire: Questionnaire) -> Options:
    """The groups, professions, kinds of workplace and roles among the finished responses. Two
    queries."""
    rows = set(
        Response.objects.filter(questionnaire=questionnaire, finished=True).values_list(
            "local_group_id", "profession", "workplace_kind", "role"
        )
    )
    group_ids = {g for g, _p, _k, _r in rows if g}
    groups = [g for g in _groups(questionnaire) if g.pk in group_ids]
    professions = [(code, label) for code, label in Profession.choices if code in {p for _g, p, _k, _r in rows}]
    kinds = [(code, label) for code, label in Workplace.Kind.choices if code in {k for _g, _p, k, _r in rows}]
    present = {r for _g, _p, _k, r in rows}
    roles = [(code, label) for code, label in Respondent.Role.choices if code in present] if len(present) > 1 else []
    return Options(groups, professions, kinds, roles)


def _groups(questionnaire: Questionnaire) -> list[LocalGroup]:
    return list(LocalGroup.objects.filter(network_id=questionnaire.network_id).order_by("name"))


def results_of(questionnaire: Questionnaire, selection: Selection) -> Results:
    """Three queries: the counts, the questions, the answers of the selection."""
    chosen = selection.active()
    # The selection and every larger selection made by dropping filters: one query.
    subsets = [dict(c) for n in range(len(chosen)) for c in combinations(chosen.items(), n)]
    finished = Response.objects.filter(questionnaire=questionnaire, finished=True)
    aggregates = {"count": Count("id", filter=selection.q())}
    aggregates |= {f"larger_{i}": Count("id", filter=selection.q(subset)) for i, subset in enumerate(subsets)}
    figures = finished.aggregate(total=Count("id"), **aggregates)
    larger = [figures[f"larger_{i}"] for i in range(len(subsets))]
    shown = rules.breakdown_shown(figures["count"], larger)
    questions = questions_of(questionnaire, None if questionnaire.include_leaders else Respondent.Role.MEMBER)
    if not shown:
        return Results(figures["total"], figures["count"], False, [QuestionResult(q, 0) for q in questions])
    values: dict[int, list] = {q.pk: [] for q in questions}
    answers = (
        finished.filter(selection.q())
        .filter(answers__isnull=False)
        .values_list("answers__question_id", "answers__value")
    )
    for question_id, value in answers:
        values.setdefault(question_id, []).append(value)
    return Results(
        figures["total"],
        figures["count"],
        True,
        [_result(q, f, values[q.pk]) for q, f in zip(questions, facts_of(questions), strict=True)],
    )


def _result(question: Question, facts: rules.QuestionFacts, values: list) -> QuestionResult:
    result = QuestionResult(question, len(values))
    if question.kind == Question.Kind.TEXT:
        # Sorted, so that the order tells nothing of who wrote what when.
        result.texts = sorted(v for v in values if isinstance(v, str) and v)
        return result
    result.counts = rules.counts_of(facts, values)
    if question.kind in (Question.Kind.NUMBER, Question.Kind.SCALE):
        result.figures = rules.number_figures([v for v in values if isinstance(v, int)])
    if result.counts:
        result.chart = chart(question, result.counts)
    return result


def chart(question: Question, counts: list[tuple[str, int]]) -> str:
    """A bar chart as SVG, drawn on the server; the page shows the same figures as a table."""
    horizontal = question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    graph = kind(
        style=CHART_STYLE,
        show_legend=False,
        width=480,
        height=max(200, 44 * len(counts) + 60) if horizontal else 280,
        margin=8,
        js=[],
        disable_xml_declaration=True,
        print_values=True,
        print_zeroes=False,
        truncate_label=-1,
        show_y_guides=not horizontal,
        show_x_guides=horizontal,
    )
    labels = [label for label, _n in counts]
    graph.x_labels = list(reversed(labels)) if horizontal else labels
    numbers = [n for _label, n in counts]
    graph.add(_("Antall svar"), list(reversed(numbers)) if horizontal else numbers)
    return graph.render(is_unicode=True)


def spreadsheet(questionnaire: Questionnaire, *, with_names: bool):
    """Every finished response, one row each. Anonymous: no names and no group, profession or
    workplace (together they could point out a person), and rows sorted by their answers so
    that their order tells nothing. Three queries, with plain values rather than objects."""
    questions = questions_of(questionnaire, None if questionnaire.include_leaders else Respondent.Role.MEMBER)
    finished = Response.objects.filter(questionnaire=questionnaire, finished=True)
    named = with_names and not questionnaire.anonymous
    facts = not questionnaire.anonymous
    headers = ([_("Navn")] if named else []) + (
        [_("Rolle"), _("Lokalgruppe"), _("Yrke"), _("Type arbeidssted")] if facts else []
    )
    headers += [q.text for q in questions]
    by_response: dict[int, dict[int, object]] = {}
    for response_id, question_id, value in finished.filter(answers__isnull=False).values_list(
        "pk", "answers__question_id", "answers__value"
    ):
        by_response.setdefault(response_id, {})[question_id] = value
    roles, professions, kinds = dict(Respondent.Role.choices), dict(Profession.choices), dict(Workplace.Kind.choices)
    rows = []
    columns = ("pk", "respondent__person__given_name", "respondent__person__family_name", "local_group__name")
    for pk, given, family, group, role, profession, kind in finished.order_by("pk").values_list(
        *columns, "role", "profession", "workplace_kind"
    ):
        row = []
        if named:
            row.append(f"{given} {family}" if given else "")
        if facts:
            row += [roles.get(role, role), group or "", professions.get(profession, ""), kinds.get(kind, kind)]
        answers = by_response.get(pk, {})
        row += [_cell(answers.get(q.pk)) for q in questions]
        rows.append(row)
    if questionnaire.anonymous:
        rows.sort(key=lambda row: [str(cell) for cell in row])
    filename = f"sporreskjema-{questionnaire.year}-{questionnaire.pk}.xlsx"
    return xlsx_response(filename, _("Svar"), headers, rows)


def _cell(value: object) -> object:
    if isinstance(value, list):
        return "; ".join(value)
    return value
