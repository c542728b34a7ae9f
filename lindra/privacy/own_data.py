"""Everything Lindra holds about one person (GDPR art. 15), as plain values.

`own_data(person)` reads each app's rows about the person with a fixed number of queries,
however many memberships, meetings or answers there are. The result is a dict of lists of
dicts, the same for the PDF and the JSON download. Choices are given in words, dates and
times as date objects (the JSON writes them as ISO text).

What is left out, and why, is listed in LEFT_OUT; COVERED names the models read here. A test
walks every model that points at a person, a user or a membership and fails when a new one is
in neither list.

Anonymous questionnaire answers are tied to no one, and so are not here: only that the person
was asked and on which day they answered. No reason for an absence is stored, so none is here.
"""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindra.accounts.models import SignInLink, User
from lindra.annual.models import Deviation, NewsOptOut, Respondent, Response
from lindra.core.models import AuditEvent
from lindra.development.models import (
    Acceptance,
    CompetenceActivity,
    ReportBack,
    WelcomeLetter,
    WorkPlan,
    WorkPlanReminder,
    YearlyMeeting,
)
from lindra.mail.models import OutboxMessage
from lindra.meetings.models import AttendanceChange, FollowUp, HostChange, Meeting, Registration
from lindra.registry.models import Change, ChangeRequest, Leave, Membership, Person, Term

FORMAT = "lindra-innsyn/1"


@dataclass(frozen=True)
class Section:
    """One part of the export: its key in the data, its heading, and its columns in order."""

    key: str
    title: str
    columns: tuple[tuple[str, str], ...]
    intro: str = ""


# The parts of the export, in the order the PDF shows them. The person and the account are
# facts, one of each; the rest are lists.
FACTS = (
    Section(
        "person",
        _("Personopplysninger"),
        (
            ("given_name", _("Fornavn")),
            ("family_name", _("Etternavn")),
            ("email", _("E-post")),
            ("phone", _("Telefon")),
            ("profession", _("Yrke")),
            ("further_education", _("Videreutdanning")),
            ("news_by_email", _("Nyheter på e-post")),
        ),
    ),
    Section(
        "account",
        _("Brukerkonto"),
        (
            ("email", _("E-post for innlogging")),
            ("created_at", _("Opprettet")),
            ("last_sign_in", _("Sist innlogget")),
            ("active", _("Aktiv")),
            ("has_password", _("Har passord")),
            ("two_factor", _("Tofaktorinnlogging")),
        ),
    ),
)

SECTIONS = (
    Section(
        "memberships",
        _("Medlemskap"),
        (
            ("network", _("Nettverk")),
            ("local_group", _("Lokalgruppe")),
            ("workplace", _("Arbeidssted")),
            ("nearest_leader", _("Nærmeste leder")),
            ("starts_on", _("Fra")),
            ("ends_on", _("Til")),
            ("intro_course_completed_on", _("Introduksjonskurs fullført")),
            ("function_description_signed_on", _("Funksjonsbeskrivelse signert")),
        ),
    ),
    Section(
        "leaves",
        _("Permisjoner"),
        (("network", _("Nettverk")), ("starts_on", _("Fra")), ("ends_on", _("Til"))),
        _("Vi lagrer bare periodene, aldri årsaken til en permisjon."),
    ),
    Section(
        "history",
        _("Historikk over endringer"),
        (
            ("effective_on", _("Gjelder fra")),
            ("kind", _("Endring")),
            ("network", _("Nettverk")),
            ("local_group", _("Lokalgruppe")),
            ("workplace", _("Arbeidssted")),
            ("nearest_leader", _("Nærmeste leder")),
            ("reason", _("Begrunnelse")),
            ("recorded_at", _("Registrert")),
            ("recorded_by", _("Registrert av")),
        ),
    ),
    Section(
        "terms",
        _("Verv"),
        (
            ("kind", _("Rolle")),
            ("network", _("Nettverk")),
            ("for", _("Gruppe eller utvalg")),
            ("starts_on", _("Fra")),
            ("ends_on", _("Til")),
        ),
    ),
    Section(
        "change_requests",
        _("Endringsmeldinger"),
        (
            ("requested_at", _("Meldt")),
            ("network", _("Nettverk")),
            ("kind", _("Hva gjelder det")),
            ("effective_on", _("Fra dato")),
            ("ends_on", _("Til dato")),
            ("message", _("Beskrivelse")),
            ("status", _("Status")),
            ("response", _("Svar")),
        ),
    ),
    Section(
        "meetings",
        _("Påmeldinger og oppmøte"),
        (
            ("starts_at", _("Tid")),
            ("meeting", _("Møte")),
            ("kind", _("Type")),
            ("network", _("Nettverk")),
            ("answer", _("Svar")),
            ("answered_at", _("Svart")),
            ("read_at", _("Innkalling lest")),
            ("waitlisted_at", _("På venteliste fra")),
            ("attendance", _("Oppmøte")),
        ),
        _("Et forfall er bare et forfall: vi lagrer aldri årsaken til fraværet."),
    ),
    Section(
        "attendance_history",
        _("Endringer av oppmøte"),
        (
            ("changed_at", _("Endret")),
            ("meeting", _("Møte")),
            ("previous", _("Før")),
            ("attendance", _("Oppmøte")),
        ),
    ),
    Section(
        "meeting_roles",
        _("Roller på møter"),
        (("starts_at", _("Tid")), ("meeting", _("Møte")), ("network", _("Nettverk")), ("roles", _("Rolle"))),
    ),
    Section(
        "hosting_history",
        _("Arrangøransvar, historikk"),
        (("changed_at", _("Endret")), ("meeting", _("Møte")), ("reason", _("Begrunnelse"))),
    ),
    Section(
        "follow_ups",
        _("Oppfølging av fravær"),
        (
            ("year", _("År")),
            ("network", _("Nettverk")),
            ("local_group", _("Lokalgruppe")),
            ("absences", _("Fravær da oppfølgingen ble åpnet")),
            ("opened_at", _("Åpnet")),
            ("agreed", _("Hva som ble avtalt")),
            ("leader_informed_at", _("Nærmeste leder orientert")),
            ("closed_at", _("Avsluttet")),
        ),
    ),
    Section(
        "welcome_letters",
        _("Velkomstbrev"),
        (
            ("network", _("Nettverk")),
            ("made_at", _("Laget")),
            ("sent_at", _("Sendt")),
            ("sent_to", _("Sendt til")),
            ("copy_to_leader", _("Kopi til nærmeste leder")),
            ("text", _("Brevet")),
        ),
    ),
    Section(
        "acceptances",
        _("Aksept av funksjonsbeskrivelsen"),
        (
            ("network", _("Nettverk")),
            ("party", _("Som")),
            ("function_description", _("Funksjonsbeskrivelse")),
            ("accepted_at", _("Akseptert")),
        ),
    ),
    Section(
        "intro_courses",
        _("Introduksjonskurs"),
        (("network", _("Nettverk")), ("course", _("Kurs")), ("completed_on", _("Fullført"))),
    ),
    Section(
        "work_plans",
        _("Arbeidsplaner"),
        (
            ("year", _("År")),
            ("network", _("Nettverk")),
            ("status", _("Status")),
            ("goals", _("Mål for året")),
            ("activities", _("Hva jeg skal gjøre")),
            ("workplace_needs", _("Behov på arbeidsstedet")),
            ("support", _("Hva jeg trenger fra lederen")),
            ("leader_note", _("Lederens merknad")),
            ("agreed_at", _("Avtalt")),
        ),
    ),
    Section(
        "yearly_meetings",
        _("Årlige møter med leder"),
        (
            ("year", _("År")),
            ("network", _("Nettverk")),
            ("starts_at", _("Tid")),
            ("place", _("Sted")),
            ("evaluation", _("Evaluering")),
            ("evaluated_at", _("Evaluert")),
        ),
    ),
    Section(
        "work_plan_reminders",
        _("Påminnelser om arbeidsplan"),
        (
            ("year", _("År")),
            ("network", _("Nettverk")),
            ("about", _("Om")),
            ("party", _("Til")),
            ("sent_at", _("Sendt")),
        ),
    ),
    Section(
        "competence_activities",
        _("Kompetanseaktiviteter"),
        (
            ("starts_on", _("Fra")),
            ("ends_on", _("Til")),
            ("network", _("Nettverk")),
            ("kind", _("Type")),
            ("title", _("Hva")),
            ("place", _("Hvor")),
            ("hours", _("Timer")),
            ("description", _("Beskrivelse")),
            ("confirmed_at", _("Bekreftet av leder")),
        ),
    ),
    Section(
        "reports_back",
        _("Referat til arbeidsstedet"),
        (
            ("reported_on", _("Dato")),
            ("meeting", _("Samling")),
            ("to_leader", _("Til nærmeste leder")),
            ("to_colleagues", _("Til kolleger")),
            ("how", _("Hvordan")),
        ),
    ),
    Section(
        "questionnaires",
        _("Spørreskjemaer du er bedt om å svare på"),
        (
            ("questionnaire", _("Spørreskjema")),
            ("network", _("Nettverk")),
            ("role", _("Som")),
            ("anonymous", _("Anonymt")),
            ("invited_at", _("Invitert")),
            ("answered_on", _("Svart")),
        ),
        _("Svar på anonyme spørreskjemaer er ikke knyttet til deg, og finnes derfor ikke her."),
    ),
    Section(
        "questionnaire_answers",
        _("Dine svar på spørreskjemaer som ikke er anonyme"),
        (("questionnaire", _("Spørreskjema")), ("question", _("Spørsmål")), ("answer", _("Svar"))),
    ),
    Section(
        "deviations",
        _("Avvik du har meldt"),
        (
            ("reported_at", _("Meldt")),
            ("network", _("Nettverk")),
            ("title", _("Kort beskrivelse")),
            ("description", _("Hva skjedde")),
            ("status", _("Status")),
            ("measure", _("Tiltak")),
        ),
    ),
    Section(
        "nearest_leader_of",
        _("Nærmeste leder for ansatte"),
        (("network", _("Nettverk")), ("memberships", _("Antall medlemskap"))),
        _("Opplysningene om de ansatte selv er deres, ikke dine: her står bare hvor mange."),
    ),
    Section(
        "sign_in_links",
        _("Innloggingslenker sendt til deg"),
        (("created_at", _("Laget")), ("expires_at", _("Gyldig til")), ("used_at", _("Brukt"))),
    ),
    Section(
        "emails",
        _("E-post sendt til deg"),
        (("created_at", _("Laget")), ("sent_at", _("Sendt")), ("kind", _("Type")), ("subject", _("Emne"))),
    ),
    Section(
        "audit_events",
        _("Loggen: hva som er gjort av deg eller om deg"),
        (
            ("at", _("Tidspunkt")),
            ("action", _("Handling")),
            ("by", _("Utført av")),
            ("target", _("Gjelder")),
            ("fields", _("Hva")),
            ("network", _("Nettverk")),
            ("ip", _("IP-adresse")),
        ),
    ),
)

# The models read here, and those that point at a person, a user or a membership but are left
# out, with why. tests/privacy/test_own_data_coverage.py keeps both lists complete.
COVERED = {
    "registry.Person": "person",
    "registry.Membership": "memberships",
    "registry.Leave": "leaves",
    "registry.Change": "history",
    "registry.Term": "terms",
    "registry.ChangeRequest": "change_requests",
    "meetings.Registration": "meetings",
    "meetings.AttendanceChange": "attendance_history",
    "meetings.Meeting": "meeting_roles",
    "meetings.HostChange": "hosting_history",
    "meetings.FollowUp": "follow_ups",
    "development.WelcomeLetter": "welcome_letters",
    "development.Acceptance": "acceptances",
    "development.WorkPlan": "work_plans",
    "development.YearlyMeeting": "yearly_meetings",
    "development.WorkPlanReminder": "work_plan_reminders",
    "development.CompetenceActivity": "competence_activities",
    "development.ReportBack": "reports_back",
    "annual.Respondent": "questionnaires",
    "annual.Response": "questionnaire_answers",
    "annual.Deviation": "deviations",
    "annual.NewsOptOut": "person",
    "accounts.User": "account",
    "accounts.SignInLink": "sign_in_links",
    "core.AuditEvent": "audit_events",
    # The second factor, where Lindra has one: only whether it is on (account.two_factor),
    # never its secret.
    "otp_totp.TOTPDevice": "account",
    "otp_static.StaticDevice": "account",
    "otp_email.EmailDevice": "account",
}
LEFT_OUT = {
    # Once a person is anonymised nothing of theirs is left to export; the row says only when
    # and why it was done.
    "privacy.Anonymisation": "when and why a person was anonymised; no personal data",
    # Work done in a role on the network's own things: who saved a template, sent an
    # invitation, approved minutes. Each such act is an entry of the log, which is exported
    # (audit_events, where the person is the one who did it).
    "meetings.DeadlineStep": "done_by: a step of a meeting done in a role; in the log",
    "meetings.Invitation": "sent_by: the secretariat's work; in the log",
    "meetings.Minutes": "submitted_by, approved_by: work in a role; in the log",
    "meetings.MinutesTemplate": "updated_by: the network's template; in the log",
    "development.WelcomeLetterTemplate": "updated_by: the network's template; in the log",
    "development.FunctionDescription": "uploaded_by: the network's document; in the log",
    "development.LeaderChoice": "chosen_by: work in a role; the term itself is exported",
    "annual.Questionnaire": "made_by: the network's questionnaire; in the log",
    "annual.DocumentVersion": "made_by: the network's document; in the log",
    "annual.DeviationStep": "by: handling a deviation in a role; in the log",
    "annual.NewsItem": "written_by: the network's news; in the log",
    "annual.ReportText": "made_by: the network's annual report; in the log",
    "annual.ReportDispatch": "sent_by: the secretariat's work; in the log",
    "annual.ReportRender": "requested_by: a PDF made of the annual report; in the log",
    "annual.SteeringReport": "written_by: the operations group's report; in the log",
    "registry.ImportBatch": "uploaded_by: the secretariat's import; in the log",
    "api.ApiToken": "created_by, revoked_by: the secretariat's work on a token; in the log",
    # Not about the person, or about someone else.
    "annual.Answer": "read through annual.Response (questionnaire_answers), never for anonymous ones",
    "admin.LogEntry": "the administrators' own log of the admin site; in the audit log",
}


def _d(value):
    """A moment as the person's local time (plain for the JSON: an aware datetime)."""
    return timezone.localtime(value) if isinstance(value, dt.datetime) else value


def _name(obj) -> str:
    return str(obj) if obj is not None else ""


def _two_factor(user: User) -> bool | None:
    """Whether a second factor is on; None when Lindra has no second factor."""
    if not apps.is_installed("django_otp"):
        return None
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def _account(user: User | None) -> dict | None:
    if user is None:
        return None
    return {
        "email": user.email,
        "created_at": _d(user.created_at),
        "last_sign_in": _d(user.last_login),
        "active": user.is_active,
        "has_password": user.has_usable_password(),
        "two_factor": _two_factor(user),
    }


def own_data(person: Person | None, *, user: User | None = None) -> dict:
    """Everything Lindra holds about the person (or, for a user who is no person in the
    registry, about the account alone)."""
    if person is not None:
        person = Person.objects.select_related("user", "news_opt_out").get(pk=person.pk)
        user = person.user
    data: dict = {"format": FORMAT, "generated_at": timezone.localtime()}
    data["person"] = _person(person) if person is not None else None
    data["account"] = _account(user)
    data.update(_registry(person) if person is not None else _empty())
    data["sign_in_links"] = _sign_in_links(user)
    data["emails"] = _emails(person, user)
    data["audit_events"] = _audit_events(person, user, data.pop("_objects", {}))
    return data


def _empty() -> dict:
    return {section.key: [] for section in SECTIONS if section.key not in ("sign_in_links", "emails", "audit_events")}


def _person(person: Person) -> dict:
    # Read through select_related: no query. A person without the row takes news by e-mail.
    opted_out = getattr(person, "news_opt_out", None)
    return {
        "id": person.pk,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "email": person.email or "",
        "phone": person.phone,
        "profession": person.get_profession_display(),
        "further_education": person.further_education,
        "news_by_email": not isinstance(opted_out, NewsOptOut),
    }


def _registry(person: Person) -> dict:
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related("network", "local_group", "workplace__organisation", "nearest_leader")
        .order_by("starts_on", "pk")
    )
    network_of = {m.pk: m.network for m in memberships}
    leaves = Leave.objects.filter(membership__person=person).order_by("starts_on", "pk")
    changes = (
        Change.objects.filter(person=person)
        .select_related(
            "membership__network", "local_group", "workplace__organisation", "nearest_leader", "recorded_by__person"
        )
        .order_by("effective_on", "pk")
    )
    terms = list(
        Term.objects.filter(person=person).select_related("network", "local_group", "committee").order_by("starts_on")
    )
    requests = list(ChangeRequest.objects.filter(membership__person=person).order_by("requested_at", "pk"))
    registrations = list(
        Registration.objects.filter(person=person)
        .select_related("meeting__network")
        .prefetch_related(Prefetch("attendance_changes", queryset=AttendanceChange.objects.order_by("changed_at")))
        .order_by("meeting__starts_at", "pk")
    )
    roles_at = Meeting.objects.filter(
        Q(host=person) | Q(minute_taker=person) | Q(operations_representative=person)
    ).select_related("network")
    hosting = HostChange.objects.filter(host=person).select_related("meeting").order_by("changed_at", "pk")
    follow_ups = list(
        FollowUp.objects.filter(person=person).select_related("network", "local_group").order_by("year", "pk")
    )
    letters = list(WelcomeLetter.objects.filter(membership__person=person).order_by("made_at"))
    acceptances = Acceptance.objects.filter(person=person).select_related("membership__network", "function_description")
    plans = list(WorkPlan.objects.filter(membership__person=person).order_by("year", "pk"))
    yearly = list(YearlyMeeting.objects.filter(membership__person=person).order_by("year", "pk"))
    reminders = WorkPlanReminder.objects.filter(membership__person=person).order_by("year", "sent_at")
    activities = list(CompetenceActivity.objects.filter(membership__person=person).order_by("starts_on", "pk"))
    reports_back = ReportBack.objects.filter(membership__person=person).select_related("meeting")
    respondents = Respondent.objects.filter(person=person).select_related("questionnaire__network")
    responses = (
        Response.objects.filter(respondent__person=person, questionnaire__anonymous=False)
        .select_related("questionnaire")
        .prefetch_related("answers__question")
    )
    deviations = list(Deviation.objects.filter(reported_by=person).select_related("network"))
    staff = (
        Membership.objects.filter(nearest_leader=person)
        .values("network__name", "network__short_name")
        .annotate(n=Count("pk"))
        .order_by("network__name")
    )

    def net(membership_id) -> str:
        return _name(network_of.get(membership_id))

    return {
        "memberships": [
            {
                "id": m.pk,
                "network": m.network.name,
                "local_group": m.local_group.name,
                "workplace": m.workplace.label,
                "nearest_leader": _name(m.nearest_leader),
                "starts_on": m.starts_on,
                "ends_on": m.ends_on,
                "intro_course_completed_on": m.intro_course_completed_on,
                "function_description_signed_on": m.function_description_signed_on,
            }
            for m in memberships
        ],
        "leaves": [
            {"network": net(leave.membership_id), "starts_on": leave.starts_on, "ends_on": leave.ends_on}
            for leave in leaves
        ],
        "history": [
            {
                "effective_on": c.effective_on,
                "kind": c.get_kind_display(),
                "network": _name(c.membership.network if c.membership else None),
                "local_group": _name(c.local_group),
                "workplace": c.workplace.label if c.workplace else "",
                "nearest_leader": _name(c.nearest_leader),
                "reason": c.reason,
                "recorded_at": _d(c.recorded_at),
                "recorded_by": _name(c.recorded_by),
            }
            for c in changes
        ],
        "terms": [
            {
                "kind": t.get_kind_display(),
                "network": str(t.network),
                "for": _name(t.local_group or t.committee),
                "starts_on": t.starts_on,
                "ends_on": t.ends_on,
            }
            for t in terms
        ],
        "change_requests": [
            {
                "requested_at": _d(r.requested_at),
                "network": net(r.membership_id),
                "kind": r.get_kind_display(),
                "effective_on": r.effective_on,
                "ends_on": r.ends_on,
                "message": r.message,
                "status": r.get_status_display(),
                "response": r.response,
            }
            for r in requests
        ],
        "meetings": [
            {
                "starts_at": _d(r.meeting.starts_at),
                "meeting": r.meeting.title,
                "kind": r.meeting.get_kind_display(),
                "network": str(r.meeting.network),
                "answer": r.get_answer_display(),
                "answered_at": _d(r.answered_at),
                "read_at": _d(r.read_at),
                "waitlisted_at": _d(r.waitlisted_at),
                "attendance": r.get_attendance_display(),
            }
            for r in registrations
        ],
        "attendance_history": [
            {
                "changed_at": _d(c.changed_at),
                "meeting": r.meeting.title,
                "previous": c.get_previous_display(),
                "attendance": c.get_attendance_display(),
            }
            for r in registrations
            for c in r.attendance_changes.all()
        ],
        "meeting_roles": [
            {
                "starts_at": _d(m.starts_at),
                "meeting": m.title,
                "network": str(m.network),
                "roles": [
                    str(label)
                    for label, held in (
                        (_("arrangør"), m.host_id == person.pk),
                        (_("referent"), m.minute_taker_id == person.pk),
                        (_("representant fra driftsgruppen"), m.operations_representative_id == person.pk),
                    )
                    if held
                ],
            }
            for m in roles_at.order_by("starts_at", "pk")
        ],
        "hosting_history": [
            {"changed_at": _d(h.changed_at), "meeting": h.meeting.title, "reason": h.reason} for h in hosting
        ],
        "follow_ups": [
            {
                "year": f.year,
                "network": str(f.network),
                "local_group": f.local_group.name,
                "absences": f.absences,
                "opened_at": _d(f.opened_at),
                "agreed": f.agreed,
                "leader_informed_at": _d(f.leader_informed_at),
                "closed_at": _d(f.closed_at),
            }
            for f in follow_ups
        ],
        "welcome_letters": [
            {
                "network": net(w.membership_id),
                "made_at": _d(w.made_at),
                "sent_at": _d(w.sent_at),
                "sent_to": w.sent_to,
                "copy_to_leader": bool(w.copy_to),
                "text": w.text,
            }
            for w in letters
        ],
        "acceptances": [
            {
                "network": str(a.membership.network),
                "party": a.get_party_display(),
                "function_description": _name(a.function_description),
                "accepted_at": _d(a.accepted_at),
            }
            for a in acceptances
        ],
        "intro_courses": [
            {"network": str(m.network), "course": "", "completed_on": m.intro_course_completed_on}
            for m in memberships
            if m.intro_course_completed_on
        ]
        + [
            {
                "network": str(r.meeting.network),
                "course": r.meeting.title,
                "completed_on": timezone.localdate(r.meeting.starts_at)
                if r.attendance == Registration.Attendance.PRESENT
                else None,
            }
            for r in registrations
            if r.meeting.kind == Meeting.Kind.COURSE
        ],
        "work_plans": [
            {
                "year": p.year,
                "network": net(p.membership_id),
                "status": p.get_status_display(),
                "goals": p.goals,
                "activities": p.activities,
                "workplace_needs": p.workplace_needs,
                "support": p.support,
                "leader_note": p.leader_note,
                "agreed_at": _d(p.agreed_at),
            }
            for p in plans
        ],
        "yearly_meetings": [
            {
                "year": y.year,
                "network": net(y.membership_id),
                "starts_at": _d(y.starts_at),
                "place": y.place,
                "evaluation": y.evaluation,
                "evaluated_at": _d(y.evaluated_at),
            }
            for y in yearly
        ],
        "work_plan_reminders": [
            {
                "year": w.year,
                "network": net(w.membership_id),
                "about": w.get_about_display(),
                "party": w.get_party_display(),
                "sent_at": _d(w.sent_at),
            }
            for w in reminders
        ],
        "competence_activities": [
            {
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "network": net(a.membership_id),
                "kind": a.get_kind_display(),
                "title": a.title,
                "place": a.place,
                "hours": a.hours,
                "description": a.description,
                "confirmed_at": _d(a.confirmed_at),
            }
            for a in activities
        ],
        "reports_back": [
            {
                "reported_on": r.reported_on,
                "meeting": r.meeting.title,
                "to_leader": r.to_leader,
                "to_colleagues": r.to_colleagues,
                "how": r.how,
            }
            for r in reports_back.order_by("reported_on", "pk")
        ],
        "questionnaires": [
            {
                "questionnaire": str(r.questionnaire),
                "network": str(r.questionnaire.network),
                "role": r.get_role_display(),
                "anonymous": r.questionnaire.anonymous,
                "invited_at": _d(r.invited_at),
                "answered_on": r.answered_on,
            }
            for r in respondents.order_by("questionnaire__year", "pk")
        ],
        "questionnaire_answers": [
            {"questionnaire": str(response.questionnaire), "question": a.question.text, "answer": a.value}
            for response in responses.order_by("pk")
            for a in sorted(response.answers.all(), key=lambda a: (a.question.position, a.question_id))
        ],
        "deviations": [
            {
                "reported_at": _d(d.reported_at),
                "network": str(d.network),
                "title": d.title,
                "description": d.description,
                "status": d.get_status_display(),
                "measure": d.measure,
            }
            for d in deviations
        ],
        "nearest_leader_of": [
            {"network": row["network__short_name"] or row["network__name"], "memberships": row["n"]} for row in staff
        ],
        "_objects": {
            "registry.Person": [person.pk],
            "registry.Membership": [m.pk for m in memberships],
            "registry.Term": [t.pk for t in terms],
            "registry.ChangeRequest": [r.pk for r in requests],
            "meetings.Registration": [r.pk for r in registrations],
            "meetings.FollowUp": [f.pk for f in follow_ups],
            "development.WelcomeLetter": [w.pk for w in letters],
            "development.WorkPlan": [p.pk for p in plans],
            "development.YearlyMeeting": [y.pk for y in yearly],
            "development.CompetenceActivity": [a.pk for a in activities],
            "annual.Deviation": [d.pk for d in deviations],
        },
    }


def _sign_in_links(user: User | None) -> list[dict]:
    if user is None:
        return []
    return [
        {"created_at": _d(link.created_at), "expires_at": _d(link.expires_at), "used_at": _d(link.used_at)}
        for link in SignInLink.objects.filter(user=user).order_by("created_at", "pk")
    ]


def _addresses(person: Person | None, user: User | None) -> set[str]:
    return {a.lower() for a in ((person.email if person else None), (user.email if user else None)) if a}


def _emails(person: Person | None, user: User | None) -> list[dict]:
    """The e-mails to the person (to or copy) in the outbox: kind, subject and when."""
    addresses = _addresses(person, user)
    if not addresses:
        return []
    query = Q()
    for address in addresses:
        query |= Q(to__icontains=address) | Q(cc__icontains=address)
    rows = OutboxMessage.objects.filter(query).only("kind", "subject", "created_at", "sent_at", "to", "cc")
    return [
        {"created_at": _d(m.created_at), "sent_at": _d(m.sent_at), "kind": m.kind, "subject": m.subject}
        for m in rows.order_by("created_at", "pk")
        if addresses & {str(a).lower() for a in [*m.to, *m.cc]}
    ]


def _audit_events(person: Person | None, user: User | None, objects: dict[str, list[int]]) -> list[dict]:
    """The log's entries where the person did something, or something was done to them: their
    person, memberships and the rest of their rows, their account, their name or address."""
    query = Q(pk__in=[])
    if user is not None:
        query |= Q(actor=user) | Q(object_type="accounts.User", object_id=str(user.pk))
    for label, ids in objects.items():
        if ids:
            query |= Q(object_type=label, object_id__in=[str(pk) for pk in ids])
    targets = _addresses(person, user) | ({person.full_name} if person is not None else set())
    if targets:
        query |= Q(target__in=targets)
    events = AuditEvent.objects.filter(query).select_related("network").order_by("at", "pk")
    own = user.pk if user is not None else None
    return [
        {
            "at": _d(e.at),
            "action": e.get_action_display(),
            "by": e.actor_label,
            "target": e.target,
            "fields": sorted(e.changes) if isinstance(e.changes, dict) else [],
            "network": _name(e.network),
            # The address the person used; not the address of someone else who acted on them.
            "ip": (e.ip or "") if own is not None and e.actor_id == own else "",
        }
        for e in events
    ]
