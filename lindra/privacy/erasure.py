"""Erasure (GDPR art. 17) and retention (art. 5 (1) e): a person's personal data taken out.

Anonymising keeps every row the counts need (memberships, terms, registrations and
attendance, follow-ups, work plans, competence, respondents and responses, the years'
figures) and takes every trace of the person's name, e-mail address and phone number out of
every table: the person and their user account, the outbox, the audit log (through
lindra.core.audit.redact), the history, and every text Lindra stored that names them. What
was theirs to write (work plans, evaluations, change requests, a non-anonymous answer in
free text, the reasons given for their changes) is emptied. PDFs kept in the database that
name them are dropped; Lindra makes them again from what is left.

HANDLED below names, for every model with a relation to a person or a user or with text,
how it is dealt with; tests/privacy/test_erasure_coverage.py fails for a model not named.
"""

import datetime as dt
import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.accounts import two_factor
from lindra.accounts.models import SignInLink, User
from lindra.annual.models import (
    AnnualReport,
    Answer,
    Question,
    ReportDispatch,
    ReportRecipient,
    ReportRender,
    Response,
)
from lindra.core.audit import REDACTED_TEXT, record, redact
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.development.models import (
    CompetenceActivity,
    ReportBack,
    WelcomeLetter,
    WorkPlan,
    YearlyMeeting,
)
from lindra.mail.models import OutboxAttachment, OutboxMessage
from lindra.mail.services import delete_attachments, replace_attachment_content
from lindra.meetings.models import FollowUp, Registration
from lindra.privacy import rules
from lindra.privacy.models import Anonymisation
from lindra.registry.models import Change, ChangeKind, ChangeRequest, Membership, Person, Term

ANONYMOUS_GIVEN_NAME = "Anonymisert"
ANONYMOUS_FAMILY_NAME = "medlem"
ANONYMOUS_NAME = f"{ANONYMOUS_GIVEN_NAME} {ANONYMOUS_FAMILY_NAME}"
USER_DOMAIN = "anonymisert.invalid"

# How each model is dealt with. "scrub": every text field (CharField, TextField, JSONField) has
# the person's names, addresses and phone numbers replaced wherever they occur; models not
# named here are scrubbed too, so a new model with text is never left out, but the coverage
# test asks that it be named, with why.
HANDLED = {
    # Ground floor
    "core.AuditEvent": "lindra.core.audit.redact: names, addresses and numbers out of every entry",
    "accounts.User": "address made random and unusable, no password, inactive; kept for the ids that point to it",
    "accounts.SignInLink": "deleted",
    "otp_totp.TOTPDevice": "their app for two-factor sign-in deleted",
    "otp_static.StaticDevice": "their recovery codes deleted",
    "otp_static.StaticToken": "their recovery codes deleted",
    "sessions.Session": "the user's sessions deleted",
    "mail.OutboxMessage": "their address out of to/cc/reply-to, deleted when no recipient is left; text scrubbed",
    "mail.OutboxAttachment": "PDFs of mail to or about them, of minutes and annual reports naming them: deleted",
    "mail.OutboxBlob": "the content of an attachment: deleted with the last attachment that carries it",
    "admin.LogEntry": "scrub",
    "auth.Group": "names no one",
    "auth.Permission": "names no one",
    "contenttypes.ContentType": "names no one",
    "django_tasks_database.DBTaskResult": "scrub (arguments and results of background work)",
    # Registry
    "registry.Person": "name → Anonymisert medlem, e-mail empty (unique, so null), phone and further education empty",
    "registry.Change": "history kept; old contact details and reasons emptied; other text scrubbed",
    "registry.ChangeRequest": "their membership's requests: message and answer emptied; others scrubbed",
    "registry.Membership": "kept for the counts; no text",
    "registry.Term": "kept for the counts; no text",
    "registry.Leave": "kept for the counts; no text",
    "registry.ImportBatch": "scrub (the rows as read hold names, addresses and numbers)",
    "registry.Network": "scrub (names no one but a secretariat's address)",
    "registry.Municipality": "names no one",
    "registry.Organisation": "names no one",
    "registry.Workplace": "names no one",
    "registry.LocalGroup": "names no one",
    "registry.Committee": "names no one",
    # Meetings
    "meetings.Registration": "kept with attendance; a guest's name and address scrubbed",
    "meetings.AttendanceChange": "kept; no text",
    "meetings.FollowUp": "kept for the counts; what was agreed emptied",
    "meetings.Meeting": "scrub (program, place, parts)",
    "meetings.Minutes": "scrub (texts and the facts as sent: who attended)",
    "meetings.Invitation": "scrub",
    "meetings.InvitationTemplate": "scrub",
    "meetings.MinutesTemplate": "scrub",
    "meetings.DeadlineStep": "kept; no text",
    "meetings.HostChange": "scrub (reason)",
    "meetings.CompetenceTopic": "scrub",
    # Development
    "development.WelcomeLetter": "kept (that it was sent); the letter and its address emptied",
    "development.WelcomeLetterTemplate": "scrub",
    "development.FunctionDescription": "the network's own document; scrub of its texts",
    "development.Acceptance": "kept; no text",
    "development.LeaderChoice": "kept; no text",
    "development.WorkPlan": "kept with its status; their texts and the leader's note emptied",
    "development.YearlyMeeting": "kept; the evaluation emptied",
    "development.ReportBack": "kept; how emptied",
    "development.CompetenceActivity": "kept for the figures; the description emptied",
    "development.IntroCourseNotice": "kept; no text",
    "development.LeaderTermNotice": "kept; no text",
    "development.WorkPlanReminder": "kept; the address sent to emptied",
    # Annual
    "annual.Respondent": "kept for the response rate; no text",
    "annual.Response": "kept for the results; no text",
    "annual.Answer": "kept; in a response tied to them (not anonymous) free text emptied; others scrubbed",
    "annual.Questionnaire": "scrub",
    "annual.QuestionnaireReminder": "no text",
    "annual.Section": "scrub",
    "annual.Question": "scrub",
    "annual.Document": "scrub",
    "annual.DocumentVersion": "scrub of its text; an uploaded file is the network's own document",
    "annual.Deviation": "kept for the counts, with who reported it (the anonymised person); text scrubbed",
    "annual.DeviationStep": "scrub",
    "annual.NewsItem": "scrub",
    "annual.NewsOptOut": "kept; no text",
    "annual.PublicPage": "scrub",
    "annual.AnnualReport": "published figures kept, a committee seat's name → Anonymisert medlem",
    "annual.ReportText": "scrub",
    "annual.ReportRecipient": "deleted when it is their address; otherwise scrubbed",
    "annual.ReportDispatch": "kept; no text",
    "annual.ReportRender": "PDFs of a report naming them deleted (made again on request)",
    "annual.SteeringReport": "scrub (text and frozen figures)",
    # Privacy
    "privacy.Anonymisation": "names no one: the person's id, when and why",
    # The read API
    "api.ApiToken": "scrub (its name); who made or revoked it is the secretariat's work, kept as an id",
}

# Models dealt with by hand; every other model is scrubbed.
NOT_SCRUBBED = {
    "core.AuditEvent",
    "accounts.User",
    "sessions.Session",
    "mail.OutboxMessage",
    "registry.Person",
    "privacy.Anonymisation",
}


class ErasureError(DomainError):
    pass


REFUSALS = {
    rules.NO_MEMBERSHIP: lambda: _("Personen har aldri vært medlem i et nettverk, og kan ikke slettes her."),
    rules.CURRENT_MEMBERSHIP: lambda: _(
        "Personen har et medlemskap som ikke er avsluttet. Avslutt medlemskapet først, "
        "med sluttdato i dag eller tidligere."
    ),
    rules.CURRENT_TERM: lambda: _(
        "Personen har et verv som ikke er avsluttet. Avslutt vervet først, med sluttdato i dag eller tidligere."
    ),
    rules.UPCOMING_REGISTRATION: lambda: _(
        "Personen er påmeldt et møte som ikke er holdt ennå. Fjern påmeldingen eller vent til møtet er holdt."
    ),
    rules.LEADS_CURRENT_MEMBERS: lambda: _(
        "Personen er nærmeste leder for medlemmer som er med nå. Registrer en ny nærmeste leder for dem først."
    ),
    rules.ALREADY_ANONYMISED: lambda: _("Personopplysningene er allerede slettet."),
}


# --- What the rule is told --------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    memberships: list[rules.Span]
    terms: list[rules.Span]
    upcoming_meetings: list[dt.date]
    leads_current_members: bool
    anonymised: bool


def facts_of(person: Person, today: dt.date) -> Facts:
    memberships = [
        rules.Span(starts_on, ends_on, years)
        for starts_on, ends_on, years in Membership.objects.filter(person=person).values_list(
            "starts_on", "ends_on", "network__retention_years"
        )
    ]
    terms = [
        rules.Span(starts_on, ends_on, years)
        for starts_on, ends_on, years in Term.objects.filter(person=person).values_list(
            "starts_on", "ends_on", "network__retention_years"
        )
    ]
    upcoming = [
        timezone.localdate(at)
        for at in Registration.objects.filter(person=person, meeting__starts_at__gte=timezone.now())
        .exclude(answer=Registration.Answer.ABSENT)
        .values_list("meeting__starts_at", flat=True)
    ]
    leads = Membership.objects.filter(nearest_leader=person).current(today).exists()
    anonymised = Anonymisation.objects.filter(person=person).exists()
    return Facts(memberships, terms, upcoming, leads, anonymised)


def why_not_erasable(person: Person, today: dt.date | None = None) -> str | None:
    """None when the person may be erased now, else why not and what to do, in Norwegian."""
    today = today or timezone.localdate()
    facts = facts_of(person, today)
    if facts.anonymised:
        return REFUSALS[rules.ALREADY_ANONYMISED]()
    code = rules.why_not_ended(
        facts.memberships, facts.terms, facts.upcoming_meetings, facts.leads_current_members, today
    )
    return REFUSALS[code]() if code else None


def is_anonymised(person: Person) -> bool:
    return Anonymisation.objects.filter(person=person).exists()


# --- The services ------------------------------------------------------------------------


def erase_person(person: Person, *, by, confirmation: str, request=None) -> Person:
    """The secretariat erases an ended member at once: the person's full name typed again
    confirms it. One audit entry, by the person's id only."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        reason = why_not_erasable(person)
        if reason:
            raise ErasureError(reason)
        if " ".join(confirmation.split()).casefold() != " ".join(person.full_name.split()).casefold():
            raise ErasureError(_("Skriv personens fulle navn nøyaktig slik det står over."), field="confirmation")
        anonymise(person, reason=Anonymisation.Reason.ERASED, request=request)
        record(
            AuditAction.ERASED,
            request=request,
            actor=by,
            obj=person,
            target=f"person {person.pk}",
            changes={"reason": Anonymisation.Reason.ERASED},
        )
    return person


# At most this many people a run: a first run over years of ended members is spread over
# the runs that follow (every minute), each short.
PER_RUN = 50


def anonymise_expired_people(now: dt.datetime | None = None) -> int:
    """The periodic job: anonymises every ended member whose memberships and terms all ended
    longer ago than their networks' retention periods. Idempotent; judged by the end dates,
    so it catches up after a stop. Returns how many were anonymised."""
    today = timezone.localdate(now) if now else timezone.localdate()
    candidates = (
        Person.objects.filter(memberships__isnull=False, anonymisation__isnull=True)
        .exclude(memberships__ends_on__isnull=True)
        .exclude(memberships__ends_on__gte=today)
        .distinct()
        .values_list("pk", flat=True)
    )
    done = 0
    for pk in list(candidates[: PER_RUN * 4]):
        if done >= PER_RUN:
            break
        with transaction.atomic():
            person = Person.objects.select_for_update().get(pk=pk)
            facts = facts_of(person, today)
            if facts.anonymised or not rules.due_for_anonymising(
                facts.memberships, facts.terms, facts.upcoming_meetings, facts.leads_current_members, today
            ):
                continue
            anonymise(person, reason=Anonymisation.Reason.RETENTION)
            record(
                AuditAction.ANONYMISED,
                obj=person,
                target=f"person {person.pk}",
                changes={"reason": Anonymisation.Reason.RETENTION},
            )
            done += 1
    return done


# --- Anonymising -------------------------------------------------------------------------


class Replacer:
    """Replaces the person's names with ANONYMOUS_NAME and their addresses and numbers with
    REDACTED_TEXT, case-insensitively, in strings and through JSON values."""

    def __init__(self, names: Iterable[str], others: Iterable[str]):
        clean = lambda texts: {" ".join(t.split()) for t in texts if t and len(t.strip()) >= 3}  # noqa: E731
        self.names = clean(names)
        self.others = clean(others) - self.names
        self.texts = sorted(self.names | self.others, key=len, reverse=True)
        self._names = {text.casefold() for text in self.names}
        self.pattern = re.compile("|".join(re.escape(t) for t in self.texts), re.IGNORECASE) if self.texts else None

    def _one(self, match: re.Match) -> str:
        return ANONYMOUS_NAME if match.group(0).casefold() in self._names else REDACTED_TEXT

    def text(self, value: str) -> str:
        return self.pattern.sub(self._one, value) if self.pattern and value else value

    def value(self, value):
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(key): self.value(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        return value

    def mentions(self, value) -> bool:
        return self.pattern is not None and self.value(value) != value

    def lookups(self) -> list[str]:
        """The texts as a database finds them: as written, and as JSON escapes them."""
        found = set(self.texts)
        found |= {json.dumps(text)[1:-1] for text in self.texts}
        return sorted(found)


def _texts_of(person: Person) -> tuple[set[str], set[str]]:
    """Every name, address and number the person is or was known by: now, and in the
    history of their contact details."""
    given, family, others = {person.given_name}, {person.family_name}, {person.email or "", person.phone}
    if person.user_id:
        others.add(person.user.email)
    for details in Change.objects.filter(person=person, kind=ChangeKind.CONTACT_DETAILS).values_list(
        "details", flat=True
    ):
        for key, values in (details or {}).items():
            for value in values if isinstance(values, list) else [values]:
                if isinstance(value, str):
                    {"given_name": given, "family_name": family}.get(key, others).add(value)
    names = {f"{g} {f}" for g in given for f in family if g and f}
    names |= {f"{f}, {g}" for g in given for f in family if g and f}
    for phone in list(others):
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) >= 8 and "@" not in phone:
            others |= {
                digits,
                f"{digits[:3]} {digits[3:5]} {digits[5:]}",
                f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}",
            }
    others.discard(ANONYMOUS_NAME)
    return names, {text for text in others if text}


def anonymise(person: Person, *, reason: str, request=None) -> None:
    """Takes the person's personal data out of every table, keeping what the counts need.
    Runs inside the caller's transaction; the caller records the audit entry."""
    names, others = _texts_of(person)
    replacer = Replacer(names, others)
    addresses = {text.casefold() for text in others if "@" in text}
    memberships = list(Membership.objects.filter(person=person).values_list("pk", flat=True))

    _empty_their_texts(person, memberships)
    _drop_documents_naming(person, replacer, memberships)
    _clean_outbox(replacer, addresses)
    for address in addresses:
        ReportRecipient.objects.filter(email__iexact=address).delete()
    for model in apps.get_models():
        if model._meta.label not in NOT_SCRUBBED:
            _scrub(model, replacer, addresses)
    _close_account(person)
    Person.objects.filter(pk=person.pk).update(
        given_name=ANONYMOUS_GIVEN_NAME,
        family_name=ANONYMOUS_FAMILY_NAME,
        email=None,
        phone="",
        further_education="",
        version=models.F("version") + 1,
    )
    person.refresh_from_db()
    Anonymisation.objects.create(person=person, reason=reason)
    redact([*replacer.texts], request=request, reason=reason)


def _empty_their_texts(person: Person, memberships: list[int]) -> None:
    """What the person wrote, or was written about them alone, is emptied; the rows stay."""
    for change in Change.objects.filter(person=person):
        details = change.details or {}
        if change.kind in (ChangeKind.CONTACT_DETAILS, ChangeKind.FURTHER_EDUCATION):
            details = {key: REDACTED_TEXT for key in details}
        Change.objects.filter(pk=change.pk).update(details=details, reason="")
    ChangeRequest.objects.filter(membership__in=memberships).update(message=REDACTED_TEXT, response="")
    FollowUp.objects.filter(person=person).update(agreed="")
    WorkPlan.objects.filter(membership__in=memberships).update(
        goals="", activities="", workplace_needs="", support="", leader_note=""
    )
    YearlyMeeting.objects.filter(membership__in=memberships).update(evaluation="")
    ReportBack.objects.filter(membership__in=memberships).update(how="")
    CompetenceActivity.objects.filter(membership__in=memberships).update(description="")
    WelcomeLetter.objects.filter(membership__in=memberships).update(text="", sent_to="")
    free_text = Question.objects.filter(kind=Question.Kind.TEXT).values("pk")
    theirs = Response.objects.filter(respondent__person=person).values("pk")
    Answer.objects.filter(response__in=theirs, question__in=free_text).update(value=REDACTED_TEXT)
    SignInLink.objects.filter(user_id=person.user_id).delete()


def _drop_documents_naming(person: Person, replacer: Replacer, memberships: list[int]) -> None:
    """PDFs stored in the database cannot be read back: those that may name the person are
    deleted (the annual report's PDF is made again on request)."""
    reports = [
        report.pk
        for report in AnnualReport.objects.filter(published_figures__isnull=False).only("pk", "published_figures")
        if replacer.mentions(report.published_figures)
    ]
    # A report not yet published names its committees from the registry when made.
    reports += list(AnnualReport.objects.filter(network__terms__person=person).values_list("pk", flat=True).distinct())
    ReportRender.objects.filter(report__in=reports).update(pdf=None)
    ReportRender.objects.filter(report__in=reports).delete()
    keys = Q()
    for dispatch in ReportDispatch.objects.filter(report__in=reports).values_list("pk", flat=True):
        keys |= Q(message__dedupe_key__startswith=f"annual-report-{dispatch}-")
    meetings = set(Registration.objects.filter(person=person).values_list("meeting_id", flat=True))
    for meeting in meetings:
        keys |= Q(message__dedupe_key__startswith=f"minutes:{meeting}:")
    for membership in memberships:
        keys |= Q(message__dedupe_key__startswith=f"welcome-letter:{membership}")
    if keys:
        delete_attachments(OutboxAttachment.objects.filter(keys).exclude(message__status=OutboxMessage.Status.QUEUED))


def _clean_outbox(replacer: Replacer, addresses: set[str]) -> None:
    """Their address out of every list of recipients (a message left with none is deleted),
    their names and addresses out of every text; the attachments of a message about them
    deleted unless they are text, which is scrubbed."""
    if replacer.pattern is None:
        return
    found = Q()
    for text in replacer.lookups():
        for field in ("subject", "body_text", "body_html", "last_error", "dedupe_key"):
            found |= Q(**{f"{field}__icontains": text})
        for field in ("to", "cc", "reply_to"):
            found |= Q(**{f"_{field}__icontains": text})
    rows = OutboxMessage.objects.annotate(
        _to=Cast("to", models.TextField()),
        _cc=Cast("cc", models.TextField()),
        _reply_to=Cast("reply_to", models.TextField()),
    ).filter(found)

    def kept(addresses_of: list) -> list:
        return [a for a in addresses_of if not any(mine in str(a).casefold() for mine in addresses)]

    for message in rows:
        to, cc, reply_to = kept(message.to), kept(message.cc), kept(message.reply_to)
        if not to:
            delete_attachments(message.attachments.all())
            message.delete()
            continue
        OutboxMessage.objects.filter(pk=message.pk).update(
            to=to,
            cc=cc,
            reply_to=reply_to,
            subject=replacer.text(message.subject)[:300],
            body_text=replacer.text(message.body_text),
            body_html=replacer.text(message.body_html),
            last_error=replacer.text(message.last_error),
            dedupe_key=f"anonymised:{message.pk}"
            if replacer.mentions(message.dedupe_key or "")
            else message.dedupe_key,
        )
        for attachment in message.attachments.select_related("blob"):
            if attachment.mimetype.startswith("text/"):
                content = bytes(attachment.blob.content).decode("utf-8", "replace")
                replace_attachment_content(
                    attachment, replacer.text(content).encode(), filename=replacer.text(attachment.filename)
                )
            elif message.status != OutboxMessage.Status.QUEUED:
                delete_attachments(OutboxAttachment.objects.filter(pk=attachment.pk))


def _text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.unique
        and not field.primary_key
        and not field.choices
    ]


def _scrub(model, replacer: Replacer, addresses: set[str]) -> None:
    """Every row of the model that names the person, with the names replaced."""
    fields = _text_fields(model)
    if not fields or replacer.pattern is None:
        return
    casts, found = {}, Q()
    for field in fields:
        if isinstance(field, models.JSONField):
            casts[f"_text_{field.name}"] = Cast(field.name, models.TextField())
            lookup = f"_text_{field.name}__icontains"
        else:
            lookup = f"{field.name}__icontains"
        for text in replacer.lookups():
            found |= Q(**{lookup: text})
    for row in model._base_manager.annotate(**casts).filter(found).only("pk", *(f.name for f in fields)):
        changed = {}
        for field in fields:
            before = getattr(row, field.attname)
            if isinstance(field, models.EmailField) and (before or "").casefold() in addresses:
                after = "" if field.blank else f"slettet-{row.pk}@{USER_DOMAIN}"
            else:
                after = replacer.value(before)
            if isinstance(after, str) and field.max_length:
                after = after[: field.max_length]
            if after != before:
                changed[field.attname] = after
        if changed:
            model._base_manager.filter(pk=row.pk).update(**changed)


def _close_account(person: Person) -> None:
    """The user account cannot be used any more and names no one; its id stays, since what
    they did points to it. Their sign-in links and sessions go."""
    if not person.user_id:
        return
    user = User.objects.get(pk=person.user_id)
    user.email = f"{secrets.token_hex(12)}@{USER_DOMAIN}"
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    SignInLink.objects.filter(user=user).delete()
    two_factor.delete_devices(user)
    mine = str(user.pk)
    stale = [s.pk for s in Session.objects.all().iterator() if s.get_decoded().get("_auth_user_id") == mine]
    Session.objects.filter(pk__in=stale).delete()
