"""The yearly electronic reporting (seed 004): the secretariat builds a questionnaire for a
year, or copies last year's, or takes the standard one; on its opening day every member (and,
if chosen, their nearest leaders) gets an e-mailed link to answer without a password; those who
have not finished are reminded on the chosen days; answers may be saved and finished later.

An anonymous questionnaire's answers are tied to nobody: the response keeps no respondent, no
time, and a draft is found again only by a random key that the respondent's browser holds (the
database keeps its hash)."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.annual import rules
from lindra.annual.models import Answer, Question, Questionnaire, QuestionnaireReminder, Respondent, Response, Section
from lindra.annual.questionnaire_standard import standard_sections
from lindra.core import signed_links
from lindra.core.audit import record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.core.versions import bump_version
from lindra.mail.services import queue_message
from lindra.registry.models import Leave, Membership, Network

LINK_SALT = "lindra.annual.questionnaire-link"
BLANK, STANDARD, COPY = "blank", "standard", "copy"
SETTINGS_FIELDS = ("title", "introduction", "opens_on", "closes_on", "anonymous", "include_leaders")
# What may still change once the invitations have gone: the questions and who is asked are fixed.
SETTINGS_AFTER_SENDING = ("closes_on",)
QUESTION_FIELDS = (
    "kind",
    "text",
    "help_text",
    "required",
    "choices",
    "scale_min",
    "scale_max",
    "scale_min_label",
    "scale_max_label",
    "shown_if",
    "shown_if_answer",
    "audience",
)
CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


class QuestionnaireError(DomainError):
    def __init__(self, message: str = "", *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


def state_of(questionnaire: Questionnaire, today: dt.date | None = None) -> rules.QuestionnaireState:
    return rules.questionnaire_state(
        questionnaire.opens_on,
        questionnaire.closes_on,
        questionnaire.sent_at is not None,
        today or timezone.localdate(),
    )


def questions_of(questionnaire: Questionnaire, role: str | None = None) -> list[Question]:
    """The questionnaire's questions in order; given a role, those put to it."""
    questions = Question.objects.filter(section__questionnaire=questionnaire)
    if role is not None:
        questions = questions.filter(audience__in=[Question.Audience.EVERYONE, role])
    return list(questions.select_related("section").order_by("section__position", "section_id", "position", "id"))


def facts_of(questions: list[Question]) -> list[rules.QuestionFacts]:
    return [
        rules.QuestionFacts(
            id=q.pk,
            kind=q.kind,
            required=q.required,
            choices=tuple(q.choices or ()),
            low=q.scale_min,
            high=q.scale_max,
            shown_if=q.shown_if_id,
            shown_if_answer=q.shown_if_answer,
        )
        for q in questions
    ]


# --- Building -------------------------------------------------------------------------------


def last_year_of(network: Network, year: int) -> Questionnaire | None:
    """The questionnaire to copy: the network's latest from an earlier year."""
    return Questionnaire.objects.filter(network=network, year__lt=year).order_by("-year", "-opens_on", "-pk").first()


@transaction.atomic
def create_questionnaire(
    network: Network, *, year: int, title: str, opens_on: dt.date, closes_on: dt.date, start: str, by, request=None
) -> Questionnaire:
    if closes_on < opens_on:
        raise QuestionnaireError(_("Spørreskjemaet må stenge samme dag eller etter at det åpner."), field="closes_on")
    source = last_year_of(network, year) if start == COPY else None
    if start == COPY and source is None:
        raise QuestionnaireError(_("Nettverket har ikke noe spørreskjema fra før å kopiere."), field="start")
    questionnaire = Questionnaire.objects.create(
        network=network,
        year=year,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        made_by=by,
        copied_from=source,
        introduction=source.introduction if source else "",
        anonymous=source.anonymous if source else start == STANDARD,
        include_leaders=source.include_leaders if source else False,
    )
    if source is not None:
        _copy_questions(source, questionnaire)
    elif start == STANDARD:
        _standard_questions(questionnaire)
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=questionnaire,
        network=network,
        changes={"start": start, "copied_from": source.pk if source else None},
    )
    return questionnaire


def _copy_questions(source: Questionnaire, target: Questionnaire) -> None:
    copies: dict[int, Question] = {}
    sections = {}
    for question in questions_of(source):
        section = question.section
        if section.pk not in sections:
            sections[section.pk] = Section.objects.create(
                questionnaire=target, position=section.position, title=section.title, help_text=section.help_text
            )
        copy = Question(section=sections[section.pk])
        for name in QUESTION_FIELDS:
            if name != "shown_if":
                setattr(copy, name, getattr(question, name))
        copy.position = question.position
        copy.shown_if = copies.get(question.shown_if_id)
        copy.save()
        copies[question.pk] = copy
    for section in source.sections.exclude(pk__in=sections):
        Section.objects.create(
            questionnaire=target, position=section.position, title=section.title, help_text=section.help_text
        )


def _standard_questions(target: Questionnaire) -> None:
    made: list[Question] = []
    for position, spec in enumerate(standard_sections(), start=1):
        section = Section.objects.create(
            questionnaire=target, position=position, title=spec["title"], help_text=spec["help_text"]
        )
        for number, fields in enumerate(spec["questions"], start=1):
            fields = {"audience": spec["audience"], **fields}
            shown_if = fields.pop("shown_if", None)
            made.append(
                Question.objects.create(
                    section=section,
                    position=number,
                    shown_if=made[shown_if] if shown_if is not None else None,
                    **fields,
                )
            )


def _check_unsent(questionnaire: Questionnaire) -> None:
    if questionnaire.sent_at is not None:
        raise QuestionnaireError(
            _("Spørreskjemaet er sendt ut, og spørsmålene kan ikke endres nå. Lag et nytt skjema neste år.")
        )


def _stale(what: str):
    def refusal(current: int | None) -> QuestionnaireError:
        return QuestionnaireError(
            _("Noen andre har lagret %(what)s mens du skrev. Se over og lagre igjen.") % {"what": what},
            current_version=current,
        )

    return refusal


@transaction.atomic
def update_settings(
    questionnaire: Questionnaire,
    fields: dict,
    reminders: list[dt.date],
    *,
    by,
    expected_version: int,
    request=None,
) -> Questionnaire:
    """Saves the settings and the reminder days. Once sent, only the closing day and the
    reminders change: who is asked, and whether anonymously, is settled."""
    allowed = SETTINGS_AFTER_SENDING if questionnaire.sent_at else SETTINGS_FIELDS
    fields = {name: value for name, value in fields.items() if name in allowed}
    opens_on = fields.get("opens_on", questionnaire.opens_on)
    if fields.get("closes_on", questionnaire.closes_on) < opens_on:
        raise QuestionnaireError(_("Spørreskjemaet må stenge samme dag eller etter at det åpner."), field="closes_on")
    closes_on = fields.get("closes_on", questionnaire.closes_on)
    for day in reminders:
        if not opens_on < day <= closes_on:
            raise QuestionnaireError(
                _("En påminnelse må være etter åpningsdagen og senest stengedagen."), field="reminders"
            )
    before = {name: getattr(questionnaire, name) for name in fields}
    bump_version(
        Questionnaire,
        questionnaire.pk,
        expected_version,
        stale=_stale(_("innstillingene")),
        **fields,
    )
    kept = set(reminders)
    questionnaire.reminders.exclude(on__in=kept).filter(done_at__isnull=True).delete()
    existing = set(questionnaire.reminders.values_list("on", flat=True))
    QuestionnaireReminder.objects.bulk_create(
        [QuestionnaireReminder(questionnaire=questionnaire, on=day) for day in sorted(kept - existing)]
    )
    questionnaire.refresh_from_db()
    changes = {name: [str(before[name]), str(value)] for name, value in fields.items() if before[name] != value}
    changes["reminders"] = [str(day) for day in sorted(kept)]
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=questionnaire,
        network=questionnaire.network,
        changes=changes,
    )
    return questionnaire


@transaction.atomic
def save_section(questionnaire: Questionnaire, section: Section | None, fields: dict, *, by, request=None) -> Section:
    """Saves a new section, or a change to one opened at fields["version"] (refused when
    someone else saved it since)."""
    _check_unsent(questionnaire)
    created = section is None
    if not created:
        section.version = bump_version(Section, section.pk, fields.get("version"), stale=_stale(_("denne delen")))
    if created:
        last = questionnaire.sections.order_by("-position").values_list("position", flat=True).first() or 0
        section = Section(questionnaire=questionnaire, position=last + 1)
    section.title, section.help_text = fields["title"], fields.get("help_text", "")
    section.save()
    record(
        AuditAction.CREATED if created else AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=section,
        network=questionnaire.network,
        changes={"title": section.title},
    )
    return section


@transaction.atomic
def delete_section(section: Section, *, by, request=None) -> None:
    questionnaire = section.questionnaire
    _check_unsent(questionnaire)
    if Question.objects.filter(shown_if__section=section).exclude(section=section).exists():
        raise QuestionnaireError(_("Et spørsmål i en annen del vises etter svar i denne delen. Endre det først."))
    record(AuditAction.DELETED, request=request, actor=by, obj=section, network=questionnaire.network)
    section.delete()


def _check_question(question: Question, earlier: list[Question]) -> None:
    if question.kind in CHOICE_KINDS and len(question.choices) < 2:
        raise QuestionnaireError(_("Skriv minst to svaralternativer, ett per linje."), field="choices")
    if len(set(question.choices)) != len(question.choices):
        raise QuestionnaireError(_("To svaralternativer er like."), field="choices")
    if question.kind in (Question.Kind.SCALE, Question.Kind.NUMBER) and question.scale_min >= question.scale_max:
        raise QuestionnaireError(_("Høyeste verdi må være større enn laveste."), field="scale_max")
    if question.shown_if_id is None:
        return
    condition = next((q for q in earlier if q.pk == question.shown_if_id), None)
    if condition is None:
        raise QuestionnaireError(_("Velg et spørsmål som kommer før dette."), field="shown_if")
    if Question.Audience.EVERYONE not in (condition.audience, question.audience) and (
        condition.audience != question.audience
    ):
        raise QuestionnaireError(_("Spørsmålet det vises etter, stilles ikke til de samme."), field="shown_if")
    if question.shown_if_answer not in condition.choices:
        raise QuestionnaireError(
            _("Skriv ett av svaralternativene til spørsmålet: %(choices)s.")
            % {"choices": ", ".join(condition.choices)},
            field="shown_if_answer",
        )


def earlier_questions(section: Section, question: Question | None) -> list[Question]:
    """The choice questions that come before a question (or before the end of its section),
    which its condition may name."""
    ordered = questions_of(section.questionnaire)
    if question is not None and question.pk:
        ordered = ordered[: next(i for i, q in enumerate(ordered) if q.pk == question.pk)]
    else:
        later = [i for i, q in enumerate(ordered) if q.section.position > section.position]
        ordered = ordered[: later[0]] if later else ordered
    return [q for q in ordered if q.kind in CHOICE_KINDS]


@transaction.atomic
def save_question(section: Section, question: Question | None, fields: dict, *, by, request=None) -> Question:
    questionnaire = section.questionnaire
    _check_unsent(questionnaire)
    created = question is None
    if not created:
        question.version = bump_version(
            Question, question.pk, fields.get("version"), stale=_stale(_("dette spørsmålet"))
        )
    earlier = earlier_questions(section, question)
    if created:
        last = section.questions.order_by("-position").values_list("position", flat=True).first() or 0
        question = Question(section=section, position=last + 1)
    for name in QUESTION_FIELDS:
        if name in fields:
            setattr(question, name, fields[name])
    if question.kind not in CHOICE_KINDS:
        question.choices = []
    if question.shown_if_id is None:
        question.shown_if_answer = ""
    _check_question(question, earlier)
    question.save()
    record(
        AuditAction.CREATED if created else AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=question,
        network=questionnaire.network,
        changes={"text": question.text, "kind": question.kind},
    )
    return question


@transaction.atomic
def delete_question(question: Question, *, by, request=None) -> None:
    questionnaire = question.section.questionnaire
    _check_unsent(questionnaire)
    if Question.objects.filter(shown_if=question).exists():
        raise QuestionnaireError(_("Et annet spørsmål vises etter svar på dette. Endre det først."))
    record(AuditAction.DELETED, request=request, actor=by, obj=question, network=questionnaire.network)
    question.delete()


# --- Sending --------------------------------------------------------------------------------


def token_for(respondent_id: int) -> str:
    return signed_links.sign({"r": respondent_id}, salt=LINK_SALT)


def answer_path(respondent_id: int) -> str:
    return reverse("annual:questionnaire_answer", args=[token_for(respondent_id)])


def respondent_for_token(token: str) -> Respondent | None:
    data = signed_links.unsign(token, salt=LINK_SALT)
    if data is None or not isinstance(data.get("r"), int):
        return None
    return (
        Respondent.objects.select_related(
            "questionnaire__network", "person", "membership__workplace", "membership__local_group"
        )
        .filter(pk=data["r"])
        .first()
    )


def open_questionnaires() -> int:
    """The periodic job: on (or, catching up, after) its opening day and until it closes, each
    questionnaire goes out once. Returns how many were asked."""
    today = timezone.localdate()
    asked = 0
    for questionnaire in Questionnaire.objects.filter(sent_at__isnull=True, opens_on__lte=today, closes_on__gte=today):
        asked += _send(questionnaire, today)
    return asked


@transaction.atomic
def _send(questionnaire: Questionnaire, today: dt.date) -> int:
    # Claimed by a conditional update, so that a second machine running the job sends nothing.
    now = timezone.now()
    if not Questionnaire.objects.filter(pk=questionnaire.pk, sent_at__isnull=True).update(sent_at=now):
        return 0
    questionnaire.sent_at = now
    on_leave = Leave.objects.current(today).values("membership")
    members = (
        Membership.objects.current(today)
        .filter(network=questionnaire.network)
        .exclude(pk__in=on_leave)
        .select_related("person", "nearest_leader", "local_group")
        .order_by("pk")
    )
    respondents = []
    leaders: dict[int, Respondent] = {}
    for membership in members:
        respondents.append(
            Respondent(
                questionnaire=questionnaire,
                person=membership.person,
                membership=membership,
                local_group=membership.local_group,
                invited_at=now,
            )
        )
        leader = membership.nearest_leader
        if questionnaire.include_leaders and leader is not None and leader.pk not in leaders:
            leaders[leader.pk] = Respondent(
                questionnaire=questionnaire,
                role=Respondent.Role.LEADER,
                person=leader,
                local_group=membership.local_group,
                invited_at=now,
            )
    Respondent.objects.bulk_create([*respondents, *leaders.values()], ignore_conflicts=True)
    created = Respondent.objects.filter(questionnaire=questionnaire).select_related("person")
    for respondent in created:
        _mail(
            questionnaire, respondent, "questionnaire_invitation", f"questionnaire:{questionnaire.pk}:{respondent.pk}"
        )
    record(
        AuditAction.CHANGED,
        obj=questionnaire,
        network=questionnaire.network,
        changes={"sent_at": str(now), "respondents": len(created)},
    )
    return len(created)


def _mail(questionnaire: Questionnaire, respondent: Respondent, kind: str, dedupe_key: str) -> bool:
    if not respondent.person.email:
        return False
    message = queue_message(
        kind,
        to=[respondent.person.email],
        context={
            "person": respondent.person,
            "questionnaire": questionnaire,
            "leader": respondent.role == Respondent.Role.LEADER,
            "link": settings.SITE_URL + answer_path(respondent.pk),
        },
        reply_to=[questionnaire.network.secretariat_email],
        network=questionnaire.network,
        dedupe_key=dedupe_key,
    )
    return message is not None


def send_questionnaire_reminders() -> int:
    """The periodic job: on each reminder day (or, catching up, the next run before closing)
    those who have not finished are reminded, once per day; days missed are passed over for
    the latest; after closing nothing goes. Returns how many were reminded."""
    today = timezone.localdate()
    reminded = 0
    due = (
        QuestionnaireReminder.objects.filter(done_at__isnull=True, on__lte=today, questionnaire__sent_at__isnull=False)
        .select_related("questionnaire__network")
        .order_by("questionnaire", "on")
    )
    by_questionnaire: dict[int, list[QuestionnaireReminder]] = {}
    for reminder in due:
        by_questionnaire.setdefault(reminder.questionnaire_id, []).append(reminder)
    for reminders in by_questionnaire.values():
        reminded += _remind(reminders, today)
    return reminded


@transaction.atomic
def _remind(reminders: list[QuestionnaireReminder], today: dt.date) -> int:
    questionnaire = reminders[0].questionnaire
    send, settle = rules.reminders_due(
        [rules.ReminderDay(r.pk, r.on, False) for r in reminders],
        today,
        timezone.localdate(questionnaire.sent_at),
        questionnaire.closes_on,
    )
    # The conditional update claims the days, so that a second run sends nothing.
    if not QuestionnaireReminder.objects.filter(pk__in=settle, done_at__isnull=True).update(done_at=timezone.now()):
        return 0
    if send is None:
        return 0
    waiting = Respondent.objects.filter(questionnaire=questionnaire, answered_on__isnull=True).select_related("person")
    return sum(
        _mail(questionnaire, respondent, "questionnaire_reminder", f"questionnaire-reminder:{send}:{respondent.pk}")
        for respondent in waiting
    )


# --- Answering ------------------------------------------------------------------------------


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def cookie_name(questionnaire: Questionnaire) -> str:
    return f"lindra-utkast-{questionnaire.pk}"


def response_of(respondent: Respondent, key: str = "") -> Response | None:
    """The respondent's draft, or their finished response when it is tied to them. An
    anonymous draft is found only by the key the respondent's browser holds."""
    if not respondent.questionnaire.anonymous:
        return Response.objects.filter(respondent=respondent).first()
    if not key:
        return None
    return Response.objects.filter(
        questionnaire=respondent.questionnaire, respondent__isnull=True, finished=False, resume_key_hash=hash_key(key)
    ).first()


def answers_of(response: Response | None) -> dict[int, object]:
    if response is None:
        return {}
    return dict(response.answers.values_list("question_id", "value"))


def _breakdown(respondent: Respondent) -> dict:
    membership = respondent.membership
    return {
        "role": respondent.role,
        "local_group": respondent.local_group,
        "profession": respondent.person.profession,
        "workplace_kind": membership.workplace.kind if membership and respondent.role == Respondent.Role.MEMBER else "",
    }


@transaction.atomic
def save_answers(
    respondent: Respondent, raw: dict[int, object], *, finishing: bool, key: str = "", request=None
) -> tuple[Response | None, str, dict[int, str]]:
    """Checks and keeps the answers, as a draft or finished. Returns the response, the key for
    the browser to keep (anonymous drafts only) and the errors by question; with errors
    nothing is saved."""
    questionnaire = Questionnaire.objects.get(pk=respondent.questionnaire_id)
    respondent = (
        Respondent.objects.select_for_update(of=("self",))
        .select_related("person", "membership__workplace")
        .get(pk=respondent.pk)
    )
    respondent.questionnaire = questionnaire
    if state_of(questionnaire) != rules.QuestionnaireState.OPEN:
        raise QuestionnaireError(_("Spørreskjemaet er stengt, og svar kan ikke lagres lenger."))
    if respondent.answered_on is not None:
        raise QuestionnaireError(_("Du har allerede sendt inn svarene dine. Takk!"))
    questions = questions_of(questionnaire, respondent.role)
    values, errors = rules.clean_answers(facts_of(questions), raw, finishing=finishing)
    if errors:
        return None, key, errors
    response = response_of(respondent, key)
    if response is None:
        response = Response(questionnaire=questionnaire, **_breakdown(respondent))
        if questionnaire.anonymous:
            key = secrets.token_urlsafe(32)
            response.resume_key_hash = hash_key(key)
        else:
            response.respondent = respondent
    if finishing:
        response.finished = True
        # The key has done its work: nothing leads to the finished response any more.
        response.resume_key_hash = ""
        key = ""
    response.save()
    Answer.objects.filter(response=response).delete()
    Answer.objects.bulk_create(
        [Answer(response=response, question_id=qid, value=value) for qid, value in values.items()]
    )
    if finishing:
        respondent.answered_on = timezone.localdate()
        respondent.save(update_fields=["answered_on"])
    if not questionnaire.anonymous:
        # An anonymous response is written down nowhere else, not even in the log.
        record(
            AuditAction.CHANGED,
            request=request,
            actor=request.user if request is not None and request.user.is_authenticated else None,
            obj=response,
            network=questionnaire.network,
            changes={"finished": finishing, "answers": len(values)},
        )
    return response, key, {}


# --- For the home page and the member's year ------------------------------------------------


def open_for(person_id: int, today: dt.date) -> list[Respondent]:
    """The questionnaires open today that the person has been asked and not finished."""
    return list(
        Respondent.objects.filter(
            person_id=person_id,
            answered_on__isnull=True,
            questionnaire__sent_at__isnull=False,
            questionnaire__opens_on__lte=today,
            questionnaire__closes_on__gte=today,
        )
        .select_related("questionnaire__network")
        .order_by("questionnaire__closes_on")
    )


def of_year(network_ids, today: dt.date) -> list[Questionnaire]:
    """This year's questionnaires of the networks, each with how many were asked and have
    answered; one query."""
    return list(
        Questionnaire.objects.filter(network_id__in=network_ids, year=today.year)
        .select_related("network")
        .annotate(
            asked=Count("respondents"),
            answered=Count("respondents", filter=Q(respondents__answered_on__isnull=False)),
        )
        .order_by("network__name", "opens_on")
    )


def response_rates(questionnaire: Questionnaire) -> list[dict]:
    """Asked and finished per local group, live; one query."""
    rows = (
        Respondent.objects.filter(questionnaire=questionnaire)
        .values("local_group_id", "local_group__name", "role")
        .annotate(asked=Count("id"), answered=Count("id", filter=Q(answered_on__isnull=False)))
        .order_by("local_group__name", "role")
    )
    return [
        {
            "group": row["local_group__name"] or _("Uten lokalgruppe"),
            "role": row["role"],
            "asked": row["asked"],
            "answered": row["answered"],
            "percent": round(100 * row["answered"] / row["asked"]) if row["asked"] else 0,
        }
        for row in rows
    ]
