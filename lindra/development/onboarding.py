"""Onboarding (seeds 000, 004): the network's welcome letter template, its function
descriptions, the welcome letter each new membership gets, the acceptance of the function
description by the member and the nearest leader, and the checklist of who is missing what.

The rules are in lindra.development.rules; this module reads and writes the database."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.core import signed_links
from lindra.core.audit import TEXT_SAVED, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.core.pdf import pdf_from_html
from lindra.development import rules
from lindra.development.models import Acceptance, FunctionDescription, WelcomeLetter, WelcomeLetterTemplate
from lindra.mail.languages import writing_to
from lindra.mail.services import queue_message
from lindra.meetings import links as meeting_links
from lindra.meetings.models import Meeting, Registration
from lindra.meetings.registrations import deadline_for
from lindra.registry.models import ChangeKind, LocalGroup, Membership, Network, Person, Term
from lindra.registry.rules import is_current
from lindra.registry.services import record_milestone

MAX_PDF_BYTES = 10 * 1024 * 1024
Party = Acceptance.Party


class OnboardingError(DomainError):
    """A change onboarding refuses; str() is the message for the user. After a conflicting
    save it carries the record's version now, so that saving again is deliberate."""

    def __init__(self, message: str, *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


# --- The welcome letter template ----------------------------------------------------------------

TEMPLATE_VARIABLES = [
    ("fornavn", gettext_lazy("Medlemmets fornavn")),
    ("navn", gettext_lazy("Medlemmets fulle navn")),
    ("tittel", gettext_lazy("Nettverkets tittel på medlemmene, f.eks. «ressurssykepleier»")),
    ("nettverk", gettext_lazy("Nettverkets navn")),
    ("startdato", gettext_lazy("Datoen medlemskapet startet, f.eks. «1. mars 2027»")),
    ("arbeidssted", gettext_lazy("Medlemmets arbeidssted")),
    ("lokalgruppe", gettext_lazy("Lokalgruppen medlemmet er med i")),
    ("gruppeleder", gettext_lazy("Gruppelederen, med e-post og telefon")),
    ("neste_mote", gettext_lazy("Neste møte i lokalgruppen: dato, tid og sted, eller at det ikke er satt opp ennå")),
    (
        "introduksjonskurs",
        gettext_lazy("Neste introduksjonskurs med dato og påmeldingslenke, eller at medlemmet blir invitert"),
    ),
    ("funksjonsbeskrivelse", gettext_lazy("Funksjonsbeskrivelsen for medlemmets yrke, som er vedlagt brevet")),
    ("naermeste_leder", gettext_lazy("Medlemmets nærmeste leder")),
    ("sekretariat", gettext_lazy("Sekretariatets e-postadresse")),
]
VARIABLE_NAMES = {name for name, _label in TEMPLATE_VARIABLES}


def default_template_text() -> str:
    """Lindra's welcome letter, from seed 000: the welcome, the mandatory intro course, the
    group and its leader, the next meeting, and the function description to accept."""
    return _(
        "Hei {{ fornavn }}!\n\n"
        "Velkommen som {{ tittel }} i {{ nettverk }}. Vi er glade for at du vil være en ressurs for pasienter, "
        "pårørende og kolleger på {{ arbeidssted }}.\n\n"
        "Du er med i lokalgruppen {{ lokalgruppe }}. Gruppelederen er {{ gruppeleder }}.\n\n"
        "{{ neste_mote }}\n\n"
        "Introduksjonskurset er obligatorisk for alle nye. {{ introduksjonskurs }}\n\n"
        "Funksjonsbeskrivelsen sier hva som er dine oppgaver, og hva som er din nærmeste leders: "
        "{{ funksjonsbeskrivelse }}. Les den sammen med din nærmeste leder, {{ naermeste_leder }}. "
        "Dere godtar den begge.\n\n"
        "Har du spørsmål, skriv til sekretariatet ({{ sekretariat }}).\n\n"
        "Vennlig hilsen\nSekretariatet"
    )


def template_for(network: Network) -> WelcomeLetterTemplate | None:
    return WelcomeLetterTemplate.objects.filter(network=network).first()


def template_text(network: Network) -> str:
    template = template_for(network)
    return template.body if template and template.body.strip() else default_template_text()


@transaction.atomic
def save_template(network: Network, *, body: str, expected_version: int, by, request=None) -> WelcomeLetterTemplate:
    """Saves the network's text. Refused when it uses a variable Lindra does not know, and
    when someone else saved since the page was opened (version 0: none was saved then)."""
    unknown = rules.unknown_variables(body, VARIABLE_NAMES)
    if unknown:
        raise OnboardingError(
            _("Teksten bruker flettekoder Lindra ikke kjenner: %(codes)s. Bruk kodene i listen ved siden av.")
            % {"codes": ", ".join(f"{{{{ {name} }}}}" for name in unknown)},
            field="body",
        )
    template = WelcomeLetterTemplate.objects.select_for_update().filter(network=network).first()
    current = template.version if template else 0
    if current != expected_version:
        raise OnboardingError(
            _("Noen andre har lagret velkomstbrevet mens du skrev. Se over teksten din og lagre igjen."),
            current_version=current,
        )
    if template is None:
        template = WelcomeLetterTemplate.objects.create(network=network, body=body, updated_by=by)
    else:
        WelcomeLetterTemplate.objects.filter(pk=template.pk).update(
            body=body, updated_at=timezone.now(), updated_by=by, version=F("version") + 1
        )
        template.refresh_from_db()
    record(AuditAction.CHANGED, request=request, actor=by, obj=template, network=network, changes={"body": TEXT_SAVED})
    return template


# --- Function descriptions ----------------------------------------------------------------------


def check_pdf(name: str, content: bytes) -> None:
    """Refuses a file that is no PDF, with the reason in Norwegian on the upload field."""
    if PurePath(name).suffix.lower() != ".pdf":
        raise OnboardingError(
            _("Filen må være en PDF med endelsen .pdf. Lagre dokumentet som PDF i Word (Fil → Lagre som → PDF)."),
            field="pdf",
        )
    if len(content) > MAX_PDF_BYTES:
        raise OnboardingError(_("Filen er større enn 10 MB. Lagre den på nytt med mindre bilder."), field="pdf")
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-2048:]:
        raise OnboardingError(
            _("Filen heter .pdf, men er ikke en hel PDF. Lagre dokumentet som PDF på nytt og last opp den nye filen."),
            field="pdf",
        )


@transaction.atomic
def upload_description(
    network: Network,
    *,
    profession: str,
    title: str,
    approved_on: dt.date,
    filename: str,
    content: bytes,
    by,
    request=None,
) -> FunctionDescription:
    check_pdf(filename, content)
    if approved_on > timezone.localdate():
        raise OnboardingError(_("Datoen den ble godkjent kan ikke være fram i tid."), field="approved_on")
    description = FunctionDescription.objects.create(
        network=network,
        profession=profession,
        title=title.strip(),
        pdf=content,
        filename=PurePath(filename).name[:200],
        approved_on=approved_on,
        uploaded_by=by,
    )
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=description,
        network=network,
        changes={"profession": profession, "approved_on": approved_on.isoformat(), "filename": description.filename},
    )
    return description


def _without_pdf(descriptions):
    return descriptions.defer("pdf")


def descriptions_of(network: Network) -> list[FunctionDescription]:
    """The network's descriptions, newest first per profession, without their files."""
    return list(_without_pdf(FunctionDescription.objects.filter(network=network)).select_related("uploaded_by"))


def _as_rule(description: FunctionDescription) -> rules.Description:
    return rules.Description(description.pk, description.profession, description.approved_on)


class Descriptions:
    """The descriptions of some networks, read once (without their files), to find the one a
    membership accepts (rules.current_description)."""

    def __init__(self, network_ids, on: dt.date):
        rows = _without_pdf(FunctionDescription.objects.filter(network__in=network_ids))
        self.on = on
        self.by_id = {d.pk: d for d in rows}

    def for_membership(self, membership: Membership) -> FunctionDescription | None:
        candidates = [_as_rule(d) for d in self.by_id.values() if d.network_id == membership.network_id]
        found = rules.current_description(candidates, membership.person.profession, self.on)
        return self.by_id.get(found) if found else None


def current_ids(descriptions: list[FunctionDescription], on: dt.date) -> set[int]:
    """The ids of the descriptions in use on the day: one per profession, and one for all."""
    candidates = [_as_rule(d) for d in descriptions]
    found = {rules.current_description(candidates, d.profession, on) for d in descriptions}
    return {pk for pk in found if pk is not None}


def current_description(membership: Membership, on: dt.date | None = None) -> FunctionDescription | None:
    """The description the membership's person accepts (with its file)."""
    found = Descriptions([membership.network_id], on or timezone.localdate()).for_membership(membership)
    return FunctionDescription.objects.get(pk=found.pk) if found else None


# --- The welcome letter -----------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _contact(person: Person) -> str:
    """ "Kari Nordmann (telefon 912 34 567, e-post kari@example.no)": an address never ends a
    sentence, so that no mail program takes the full stop for part of it."""
    ways = []
    if person.phone:
        ways.append(_("telefon %(phone)s") % {"phone": person.phone})
    if person.email:
        ways.append(_("e-post %(email)s") % {"email": person.email})
    return f"{person.full_name} ({', '.join(ways)})" if ways else person.full_name


def group_leaders(group_id: int, on: dt.date) -> list[Person]:
    terms = Term.objects.current(on).filter(local_group=group_id, kind=Term.Kind.GROUP_LEADER).select_related("person")
    return sorted({t.person for t in terms}, key=lambda p: (p.family_name, p.given_name))


def _next_meeting_text(membership: Membership, now: dt.datetime) -> str:
    meeting = (
        Meeting.objects.upcoming(now)
        .filter(local_group=membership.local_group_id, kind=Meeting.Kind.GROUP, starts_at__gt=now)
        .first()
    )
    if meeting is None:
        return _("Neste møte i gruppen er ikke satt opp ennå. Du får innkalling fra sekretariatet når det er klart.")
    when = date_format(timezone.localtime(meeting.starts_at), "WEEKDAY_DATETIME_FORMAT")
    place = f", {meeting.place}" if meeting.place else ""
    if membership.person.email:
        text = _("Neste møte i gruppen er %(when)s%(place)s. Innkallingen kommer på e-post.")
    else:
        text = _("Neste møte i gruppen er %(when)s%(place)s. Gruppelederen gir deg innkallingen.")
    return text % {"when": when, "place": place}


def _intro_course_text(membership: Membership, now: dt.datetime) -> str:
    """The mandatory intro course (seed 000): done already, the next one planned with its date
    and the member's own registration link, or that they will be invited."""
    if membership.intro_course_completed_on:
        return _("Du har allerede fullført introduksjonskurset (%(date)s).") % {
            "date": date_format(membership.intro_course_completed_on, "DATE_FORMAT")
        }
    course = (
        Meeting.objects.filter(network=membership.network_id, kind=Meeting.Kind.COURSE, starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )
    if course is None:
        return _("Neste kurs er ikke satt opp ennå. Du og din nærmeste leder blir invitert når det er klart.")
    when = date_format(timezone.localtime(course.starts_at), "WEEKDAY_DATETIME_FORMAT")
    place = f", {course.place}" if course.place else ""
    text = _("Neste introduksjonskurs er %(when)s%(place)s.") % {"when": when, "place": place}
    registration = Registration.objects.filter(
        meeting=course, person=membership.person_id, kind=Registration.Kind.MEMBER
    ).first()
    if registration is None:
        return text + " " + _("Du og din nærmeste leder får invitasjon med påmeldingslenke på e-post.")
    deadline = date_format(deadline_for(course), "DATE_FORMAT")
    return (
        text
        + " "
        + _("Meld deg på innen %(deadline)s: %(url)s")
        % {"deadline": deadline, "url": meeting_links.link_for(registration, "register")}
    )


def _description_text(description: FunctionDescription | None) -> str:
    if description is None:
        return _("Sekretariatet sender deg funksjonsbeskrivelsen når den er klar")
    return _("«%(title)s», godkjent %(date)s (vedlagt)") % {
        "title": description.title,
        "date": date_format(description.approved_on, "DATE_FORMAT"),
    }


def letter_values(membership: Membership, description: FunctionDescription | None, now: dt.datetime) -> dict:
    """The facts of the day for the template's variables (TEMPLATE_VARIABLES)."""
    network, person = membership.network, membership.person
    today = timezone.localdate(now)
    leaders = group_leaders(membership.local_group_id, today)
    return {
        "fornavn": person.given_name,
        "navn": person.full_name,
        "tittel": network.member_title,
        "nettverk": network.name,
        "startdato": date_format(membership.starts_on, "DATE_FORMAT"),
        "arbeidssted": str(membership.workplace),
        "lokalgruppe": membership.local_group.name,
        "gruppeleder": _(" og ").join(_contact(p) for p in leaders) or _("ikke valgt ennå"),
        "neste_mote": _next_meeting_text(membership, now),
        "introduksjonskurs": _intro_course_text(membership, now),
        "funksjonsbeskrivelse": _description_text(description),
        "naermeste_leder": membership.nearest_leader.full_name
        if membership.nearest_leader_id
        else _("ikke registrert ennå"),
        "sekretariat": network.secretariat_email,
    }


def write_text(membership: Membership, description: FunctionDescription | None, now: dt.datetime) -> str:
    return rules.fill_in(template_text(membership.network), letter_values(membership, description, now))


def render_pdf(letter: WelcomeLetter) -> bytes:
    """The letter as it was written; when it could not go by e-mail, with a word on how to
    accept the function description on paper."""
    membership = letter.membership
    html = render_to_string(
        "development/welcome_letter_pdf.html",
        {"letter": letter, "membership": membership, "network": membership.network, "printed": not letter.sent_at},
    )
    return pdf_from_html(html)


def letter_filename(letter: WelcomeLetter) -> str:
    return f"velkomstbrev-{letter.membership_id}.pdf"


def _letter_memberships():
    return Membership.objects.select_related("person", "network", "local_group", "workplace", "nearest_leader")


def due_memberships(today: dt.date) -> list[Membership]:
    """The memberships due their welcome letter today (rules.is_due_welcome_letter)."""
    first, last = rules.welcome_letter_window(today)
    candidates = (
        _letter_memberships()
        .filter(starts_on__range=(first, last), welcome_letter__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("starts_on", "pk")
    )
    return [m for m in candidates if rules.is_due_welcome_letter(m.starts_on, m.ends_on, today, has_letter=False)]


def send_welcome_letters() -> int:
    """A periodic job: each membership that has begun gets its welcome letter once, however it
    began (added, imported, a change applied, moved from another network: a new membership),
    and none that began so long ago that it would be stale. Returns how many were written."""
    now = timezone.now()
    return sum(write_welcome_letter(m, now) is not None for m in due_memberships(timezone.localdate(now)))


def write_welcome_letter(membership: Membership, now: dt.datetime, *, by=None, request=None) -> WelcomeLetter | None:
    """Writes, stores and sends one membership's letter; None when it has one already (another
    run got there first: the membership's row is locked, and the letter is unique)."""
    description = current_description(membership, timezone.localdate(now))
    person, leader = membership.person, membership.nearest_leader
    # The letter, its dates and its PDF in the member's language; the leader's copy is the same letter.
    with writing_to([person.email] if person.email else [], membership.network):
        letter = WelcomeLetter(membership=membership, text=write_text(membership, description, now), made_at=now)
        if person.email:
            letter.sent_at, letter.sent_to = now, person.email
        if leader is not None and leader.email:
            letter.copy_to = leader.email
        pdf = render_pdf(letter)
    with transaction.atomic():
        Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if WelcomeLetter.objects.filter(membership=membership).exists():
            return None
        try:
            with transaction.atomic():
                letter.save()
        except IntegrityError:
            return None
        attachments = [(letter_filename(letter), pdf, "application/pdf")]
        if description is not None:
            attachments.append((description.filename, bytes(description.pdf), "application/pdf"))
        _queue_letter(letter, description, attachments)
        record(
            AuditAction.CREATED,
            obj=letter,
            actor=by,
            request=request,
            network=membership.network,
            changes={"sent_to": letter.sent_to, "copy_to": letter.copy_to},
        )
    return letter


def send_letter_now(membership: Membership, *, by, request=None) -> WelcomeLetter:
    """The letter of a member the periodic job passed by (registered more than the stale
    window after they began): written and sent when the group leader or the secretariat asks."""
    now = timezone.now()
    if not is_current(membership.starts_on, membership.ends_on, timezone.localdate(now)):
        raise OnboardingError(_("Velkomstbrevet sendes bare til et medlemskap som har begynt og ikke er avsluttet."))
    letter = write_welcome_letter(membership, now, by=by, request=request)
    if letter is None:
        raise OnboardingError(_("Velkomstbrevet er allerede skrevet. Se listen for når og til hvem det gikk."))
    return letter


def _queue_letter(letter: WelcomeLetter, description: FunctionDescription | None, attachments: list) -> None:
    membership = letter.membership
    network, leader = membership.network, membership.nearest_leader
    context = {"letter": letter, "membership": membership, "description": description}
    if letter.sent_to:
        queue_message(
            "welcome_letter",
            to=[letter.sent_to],
            reply_to=[network.secretariat_email],
            context={**context, "accept_url": link_for(membership, Party.MEMBER) if description else ""},
            network=network,
            dedupe_key=f"welcome-letter:{membership.pk}",
            attachments=attachments,
        )
    if letter.copy_to:
        queue_message(
            "welcome_letter_copy",
            to=[letter.copy_to],
            reply_to=[network.secretariat_email],
            context={
                **context,
                "leader": leader,
                "accept_url": link_for(membership, Party.LEADER) if description else "",
            },
            network=network,
            dedupe_key=f"welcome-letter:{membership.pk}:leader",
            attachments=attachments,
        )


def letter_of(membership: Membership) -> WelcomeLetter | None:
    return WelcomeLetter.objects.filter(membership=membership).first()


# --- Accepting the function description ------------------------------------------------------------

SALT = "lindra.development.acceptance-link"


def token_for(membership: Membership, party: str) -> str:
    """A link for the member, or for the nearest leader of the day: it names the person, so
    that a leader's old link does not accept for the leader who came after."""
    person_id = membership.person_id if party == Party.MEMBER else membership.nearest_leader_id
    return signed_links.sign({"m": membership.pk, "p": party, "w": person_id}, salt=SALT)


def link_for(membership: Membership, party: str) -> str:
    return _absolute(reverse("development:accept_link", args=[token_for(membership, party)]))


@dataclass(frozen=True)
class LinkHolder:
    membership: Membership
    party: str
    person: Person


class LinkRefused(Exception):
    """A signed link that is genuine but no longer the holder's to use; str() says why."""


def holder_of(token: str) -> LinkHolder | None:
    """Whose link it is, or None when it is forged, damaged or names nothing that exists.
    Raises LinkRefused when the leader it was made for is no longer the nearest leader."""
    data = signed_links.unsign(token, salt=SALT)
    if data is None or data.get("p") not in Party.values:
        return None
    membership = _letter_memberships().filter(pk=data.get("m")).first()
    person = Person.objects.filter(pk=data.get("w")).first() if data.get("w") else None
    if membership is None or person is None:
        return None
    wanted = membership.person_id if data["p"] == Party.MEMBER else membership.nearest_leader_id
    if person.pk != wanted:
        raise LinkRefused(
            _(
                "Lenken ble laget for %(person)s som nærmeste leder for %(member)s, men %(member)s har fått en annen "
                "nærmeste leder. Den nye lederen har fått sin egen lenke."
            )
            % {"person": person.full_name, "member": membership.person.full_name}
        )
    return LinkHolder(membership, data["p"], person)


def acceptance_of(membership: Membership, party: str) -> Acceptance | None:
    return Acceptance.objects.filter(membership=membership, party=party).select_related("function_description").first()


def accept(membership: Membership, party: str, person: Person, *, by=None, request=None) -> tuple[Acceptance, bool]:
    """Records that the member, or the nearest leader, accepts the current function
    description; once (a second press shows the first). Returns the acceptance and whether it
    is new. When both have accepted, the registry records the description as signed."""
    wanted = membership.person_id if party == Party.MEMBER else membership.nearest_leader_id
    if person.pk != wanted:
        raise OnboardingError(_("Bare medlemmet selv og den nærmeste lederen kan godta funksjonsbeskrivelsen."))
    description = current_description(membership)
    if description is None:
        raise OnboardingError(
            _("Nettverket har ikke lagt inn funksjonsbeskrivelsen ennå. Sekretariatet sier fra når den er klar.")
        )
    with transaction.atomic():
        existing = acceptance_of(membership, party)
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                acceptance = Acceptance.objects.create(
                    membership=membership, party=party, person=person, function_description=description
                )
        except IntegrityError:
            return acceptance_of(membership, party), False
        record(
            AuditAction.CREATED,
            request=request,
            actor=by,
            obj=acceptance,
            network=membership.network,
            changes={"party": party, "function_description": description.title},
        )
        _record_signed_when_both(membership, by=by, request=request)
    return acceptance, True


def _record_signed_when_both(membership: Membership, *, by, request) -> None:
    accepted = list(Acceptance.objects.filter(membership=membership).values_list("accepted_at", flat=True))
    if len(accepted) == len(Party.values) and not membership.function_description_signed_on:
        signed_on = timezone.localdate(max(accepted))
        record_milestone(membership, kind=ChangeKind.FUNCTION_DESCRIPTION, on=signed_on, by=by, request=request)


def description_to_read(membership: Membership, party: str | None) -> FunctionDescription | None:
    """What the party reads: the description they accepted, else the one to accept now."""
    accepted = acceptance_of(membership, party) if party else None
    if accepted is not None and accepted.function_description_id:
        return accepted.function_description
    return current_description(membership)


# --- The checklist -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One new member's onboarding: the membership, its letter, its acceptances, the checklist."""

    membership: Membership
    letter: WelcomeLetter | None
    member_acceptance: Acceptance | None
    leader_acceptance: Acceptance | None
    checklist: rules.Checklist

    @property
    def states(self) -> dict[str, str]:
        return {str(item): str(state) for item, state in self.checklist.states}


def _listed(memberships, today: dt.date):
    """The memberships that may be new: begun within the new-member days, or with a letter."""
    return (
        memberships.current(today)
        .filter(starts_on__lte=today)
        .filter(Q(starts_on__gte=today - dt.timedelta(days=rules.NEW_MEMBER_DAYS)) | Q(welcome_letter__isnull=False))
    )


def _checklist(
    letter_sent_at, *, has_letter: bool, parties: set[str], nearest_leader_id, signed_on, completed_on
) -> rules.Checklist:
    return rules.checklist(
        rules.ChecklistFacts(
            has_letter=has_letter,
            letter_sent=has_letter and letter_sent_at is not None,
            member_accepted=Party.MEMBER in parties,
            leader_accepted=Party.LEADER in parties,
            has_nearest_leader=nearest_leader_id is not None,
            signed_on_paper=signed_on is not None,
            intro_course_completed=completed_on is not None,
        )
    )


def _rows(memberships, today: dt.date) -> list[Row]:
    listed = (
        _listed(memberships, today)
        .select_related("person", "nearest_leader", "local_group", "workplace", "welcome_letter")
        .defer("welcome_letter__text")
        .prefetch_related("acceptances")
        .order_by("-starts_on", "person__family_name", "person__given_name")
    )
    rows = []
    for membership in listed:
        letter = getattr(membership, "welcome_letter", None)
        by_party = {a.party: a for a in membership.acceptances.all()}
        checklist = _checklist(
            letter.sent_at if letter else None,
            has_letter=letter is not None,
            parties=set(by_party),
            nearest_leader_id=membership.nearest_leader_id,
            signed_on=membership.function_description_signed_on,
            completed_on=membership.intro_course_completed_on,
        )
        if rules.is_new_member(membership.starts_on, today, has_letter=letter is not None, complete=checklist.complete):
            rows.append(Row(membership, letter, by_party.get(Party.MEMBER), by_party.get(Party.LEADER), checklist))
    rows.sort(key=lambda row: row.checklist.complete)  # who is missing something first
    return rows


def group_rows(group: LocalGroup, today: dt.date) -> list[Row]:
    return _rows(Membership.objects.filter(local_group=group), today)


def network_rows(network: Network, today: dt.date) -> list[Row]:
    return _rows(Membership.objects.filter(network=network).select_related("local_group"), today)


def incomplete_by_group(group_ids, today: dt.date) -> dict[int, int]:
    """How many new members of each group are missing something: the same checklist as the
    group's onboarding page, read as values (two queries), for the group leader's home page."""
    listed = _listed(Membership.objects.filter(local_group__in=group_ids), today)
    parties: dict[int, set[str]] = defaultdict(set)
    for membership_id, party in Acceptance.objects.filter(membership__in=listed.values("pk")).values_list(
        "membership_id", "party"
    ):
        parties[membership_id].add(party)
    counts: dict[int, int] = defaultdict(int)
    for pk, group_id, starts_on, letter_id, sent_at, leader_id, signed_on, completed_on in listed.values_list(
        "pk",
        "local_group_id",
        "starts_on",
        "welcome_letter__pk",
        "welcome_letter__sent_at",
        "nearest_leader_id",
        "function_description_signed_on",
        "intro_course_completed_on",
    ).order_by():
        has_letter = letter_id is not None
        checklist = _checklist(
            sent_at,
            has_letter=has_letter,
            parties=parties[pk],
            nearest_leader_id=leader_id,
            signed_on=signed_on,
            completed_on=completed_on,
        )
        if not checklist.complete and rules.is_new_member(starts_on, today, has_letter=has_letter, complete=False):
            counts[group_id] += 1
    return dict(counts)


def awaiting_acceptance(memberships, party: str, today: dt.date) -> list[tuple[Membership, FunctionDescription]]:
    """Of these current memberships, those whose function description waits on the party:
    a description exists for them, the party has not accepted, and it was not signed on paper."""
    candidates = list(
        memberships.current(today)
        .filter(starts_on__lte=today, function_description_signed_on__isnull=True)
        .exclude(acceptances__party=party)
        .select_related("person", "network", "local_group")
    )
    if party == Party.LEADER:
        candidates = [m for m in candidates if m.nearest_leader_id]
    descriptions = Descriptions({m.network_id for m in candidates}, today)
    found = [(m, descriptions.for_membership(m)) for m in candidates]
    return [(m, d) for m, d in found if d is not None]
