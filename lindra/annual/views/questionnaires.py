"""The yearly questionnaire: the secretariat's list, building and settings, the response rate
and the results (which the committees read too, without names), and the page the e-mailed
link opens, where a member or leader answers without signing in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lindra.annual import questionnaire_results as results_
from lindra.annual import questionnaires, rules
from lindra.annual.models import Question, Questionnaire, Section
from lindra.annual.questionnaire_access import (
    get_question_for_user,
    get_questionnaire_for_user,
    get_section_for_user,
)
from lindra.annual.questionnaire_forms import (
    AnswerForm,
    NewQuestionnaireForm,
    QuestionForm,
    SectionForm,
    SettingsForm,
    default_dates,
)
from lindra.annual.questionnaires import QuestionnaireError
from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.core.views_helpers import render_form, run_form
from lindra.registry.access import get_network_for_user

SAVE, FINISH, DELETE = "lagre", "send", "slett"

# --- The secretariat's pages ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def questionnaires_of_network(request, pk: int):
    network = get_network_for_user(request, pk, change=request.method == "POST")
    runs = request.roles.runs_network(network.pk)
    year = timezone.localdate().year
    form = None
    if runs:
        initial = default_dates(year) | {"title": _("Årlig rapportering %(year)s") % {"year": year}}
        form = NewQuestionnaireForm(request.POST or None, initial=initial)

        def act(data):
            return questionnaires.create_questionnaire(network, by=request.user, request=request, **data)

        if made := run_form(request, form, act):
            messages.success(request, _("Spørreskjemaet er laget. Se over spørsmålene og velg påminnelser."))
            return redirect(made)
    today = timezone.localdate()
    rows = [(q, questionnaires.state_of(q, today)) for q in Questionnaire.objects.filter(network=network)]
    context = {
        "network": network,
        "rows": rows,
        "runs": runs,
        "last_year": questionnaires.last_year_of(network, year + 1),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "annual/questionnaire/list.html", {"form": form, **context}, status=status)


@require_GET
def questionnaire(request, pk: int):
    questionnaire = get_questionnaire_for_user(request, pk)
    questions = questionnaires.questions_of(questionnaire)
    sections = list(questionnaire.sections.all())
    by_section = {s.pk: [] for s in sections}
    by_id = {q.pk: q for q in questions}
    for question in questions:
        question.condition = by_id.get(question.shown_if_id)
        by_section[question.section_id].append(question)
    rates = questionnaires.response_rates(questionnaire)
    context = {
        "questionnaire": questionnaire,
        "network": questionnaire.network,
        "state": questionnaires.state_of(questionnaire),
        "runs": request.roles.runs_network(questionnaire.network_id),
        "sections": [(s, by_section[s.pk]) for s in sections],
        "reminders": list(questionnaire.reminders.all()),
        "rates": rates,
        "asked": sum(r["asked"] for r in rates),
        "answered": sum(r["answered"] for r in rates),
    }
    return render(request, "annual/questionnaire/detail.html", context)


@require_http_methods(["GET", "POST"])
def questionnaire_settings(request, pk: int):
    questionnaire = get_questionnaire_for_user(request, pk, change=True)
    form = SettingsForm(request.POST or None, questionnaire=questionnaire)

    def act(data):
        fields = {name: data[name] for name in questionnaires.SETTINGS_FIELDS}
        return questionnaires.update_settings(
            questionnaire,
            fields,
            form.reminders(),
            by=request.user,
            expected_version=data["version"],
            request=request,
        )

    if run_form(request, form, act):
        messages.success(request, _("Innstillingene er lagret."))
        return redirect(questionnaire)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Innstillinger: %(title)s") % {"title": questionnaire.title},
        intro=_("Skjemaet er sendt ut. Nå kan bare stengedagen og påminnelsene endres.")
        if questionnaire.sent_at
        else _("Skjemaet sendes ut på e-post på åpningsdagen. Etter det kan spørsmålene ikke endres."),
        submit=_("Lagre"),
        cancel_url=questionnaire.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def section_new(request, pk: int):
    questionnaire = get_questionnaire_for_user(request, pk, change=True)
    return _section_page(request, questionnaire, None)


@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int):
    section = get_section_for_user(request, pk)
    return _section_page(request, section.questionnaire, section)


def _refused_once_sent(request, questionnaire: Questionnaire):
    messages.error(request, _("Skjemaet er sendt ut, og spørsmålene kan ikke endres nå."))
    return redirect(questionnaire)


def _section_page(request, questionnaire: Questionnaire, section: Section | None):
    if questionnaire.sent_at:
        return _refused_once_sent(request, questionnaire)
    if request.method == "POST" and request.POST.get("handling") == DELETE and section is not None:
        try:
            questionnaires.delete_section(section, by=request.user, request=request)
        except QuestionnaireError as refused:
            messages.error(request, str(refused))
            return redirect("annual:questionnaire_section", section.pk)
        messages.success(request, _("Delen er slettet."))
        return redirect(questionnaire)
    initial = {"title": section.title, "help_text": section.help_text, "version": section.version} if section else None
    form = SectionForm(request.POST or None, initial=initial)
    if run_form(
        request,
        form,
        lambda data: questionnaires.save_section(questionnaire, section, data, by=request.user, request=request),
    ):
        messages.success(request, _("Delen er lagret."))
        return redirect(questionnaire)
    return render_form(
        request, "annual/questionnaire/section_form.html", form, questionnaire=questionnaire, section=section
    )


@require_http_methods(["GET", "POST"])
def question_new(request, pk: int):
    section = get_section_for_user(request, pk)
    return _question_page(request, section, None)


@require_http_methods(["GET", "POST"])
def question_edit(request, pk: int):
    question = get_question_for_user(request, pk)
    return _question_page(request, question.section, question)


def _question_page(request, section: Section, question):
    questionnaire = section.questionnaire
    if questionnaire.sent_at:
        return _refused_once_sent(request, questionnaire)
    if request.method == "POST" and request.POST.get("handling") == DELETE and question is not None:
        try:
            questionnaires.delete_question(question, by=request.user, request=request)
        except QuestionnaireError as refused:
            messages.error(request, str(refused))
            return redirect("annual:questionnaire_question", question.pk)
        messages.success(request, _("Spørsmålet er slettet."))
        return redirect(questionnaire)
    earlier = questionnaires.earlier_questions(section, question)
    initial = QuestionForm.initial_of(question) if question else {"kind": "single", "scale_min": 1, "scale_max": 5}
    initial.setdefault("audience", Question.Audience.EVERYONE)
    form = QuestionForm(request.POST or None, initial=initial, earlier=earlier)

    def act(data):
        return questionnaires.save_question(section, question, data, by=request.user, request=request)

    if run_form(request, form, act):
        messages.success(request, _("Spørsmålet er lagret."))
        return redirect(questionnaire)
    return render_form(
        request,
        "annual/questionnaire/question_form.html",
        form,
        questionnaire=questionnaire,
        section=section,
        question=question,
    )


# --- Results --------------------------------------------------------------------------------


@require_GET
def results(request, pk: int):
    questionnaire = get_questionnaire_for_user(request, pk)
    options = results_.options_for(questionnaire)
    selection = results_.Selection.from_query(request.GET, options)
    context = {
        "questionnaire": questionnaire,
        "network": questionnaire.network,
        "options": options,
        "selection": selection,
        "results": results_.results_of(questionnaire, selection),
        "minimum": rules.ANONYMITY_MINIMUM,
        "runs": request.roles.runs_network(questionnaire.network_id),
    }
    return render(request, "annual/questionnaire/results.html", context)


@require_GET
def results_xlsx(request, pk: int):
    """Every answer; with names only for the secretariat, and never when anonymous."""
    questionnaire = get_questionnaire_for_user(request, pk)
    return results_.spreadsheet(questionnaire, with_names=request.roles.runs_network(questionnaire.network_id))


# --- Answering by the e-mailed link ---------------------------------------------------------


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    """The page the e-mailed link opens, without signing in and on a phone. Opening it records
    nothing (mail scanners open links); saving a draft and sending are buttons (POSTs)."""
    respondent = questionnaires.respondent_for_token(token)
    if respondent is None:
        record(AuditAction.ACCESS_REFUSED, request=request, target="questionnaire link", changes={"status": 404})
        return render(request, "annual/questionnaire/answer_invalid.html", status=404)
    questionnaire = respondent.questionnaire
    state = questionnaires.state_of(questionnaire)
    context = {"questionnaire": questionnaire, "respondent": respondent, "state": state}
    if respondent.answered_on is not None or state != rules.QuestionnaireState.OPEN:
        return render(request, "annual/questionnaire/answer_done.html", context)
    key = request.COOKIES.get(questionnaires.cookie_name(questionnaire), "")
    draft = questionnaires.response_of(respondent, key)
    questions = questionnaires.questions_of(questionnaire, respondent.role)
    form = AnswerForm(request.POST or None, questions=questions, answers=questionnaires.answers_of(draft))
    status = 200
    if request.method == "POST":
        finishing = request.POST.get("handling") == FINISH
        try:
            _saved, key, errors = questionnaires.save_answers(
                respondent, form.raw(), finishing=finishing, key=key, request=request
            )
        except QuestionnaireError as refused:
            messages.error(request, str(refused))
            return redirect(request.path)
        if not errors:
            messages.success(
                request,
                _("Takk! Svarene dine er sendt inn.")
                if finishing
                else _("Svarene er lagret. Du kan fortsette senere fra lenken i e-posten, på denne enheten."),
            )
            response = redirect(request.path)
            _keep_key(response, request, questionnaire, key if questionnaire.anonymous else "")
            return response
        form.is_valid()
        form.show_errors(errors)
        status = 400
    context |= {"form": form, "draft": draft}
    return render(request, "annual/questionnaire/answer.html", context, status=status)


def _keep_key(response, request, questionnaire: Questionnaire, key: str) -> None:
    """The key to an anonymous draft lives only in the respondent's browser, for this page."""
    name = questionnaires.cookie_name(questionnaire)
    if key:
        days_left = (questionnaire.closes_on - timezone.localdate()).days + 1
        response.set_cookie(
            name,
            key,
            max_age=max(days_left, 1) * 86400,
            path=request.path,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    elif name in request.COOKIES:
        response.delete_cookie(name, path=request.path, samesite="Lax")
