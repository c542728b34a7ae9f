"""The registry's workflows. Each function changes the registry in one transaction, records
the change in the member's history and in the audit log, and raises RegistryError with a
message for the user when the change cannot be made."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindra.core.audit import diff, plain, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.core.versions import bump_version
from lindra.mail.services import queue_message
from lindra.registry import rules
from lindra.registry.models import (
    Change,
    ChangeKind,
    ChangeRequest,
    Committee,
    Leave,
    LocalGroup,
    Membership,
    Network,
    Organisation,
    Person,
    Term,
    Workplace,
    period_text,
)

UNCHANGED: Any = object()


class RegistryError(DomainError):
    """A change the registry refuses; str() is the message for the user."""


class ConflictError(RegistryError):
    """Someone else saved a change to the same record since it was opened. Carries the
    record's version now, so that the user, having seen this, can save again on purpose."""

    def __init__(self, message: str, *, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version


def _conflict(current_version: int | None) -> ConflictError:
    return ConflictError(
        _("Noen andre har endret dette i mellomtiden. Se over opplysningene under og lagre på nytt."),
        current_version=current_version,
    )


def _bump_version(model, pk: int, expected_version: int | None) -> int:
    """Raises the record's version, or ConflictError when it is no longer the expected one."""
    return bump_version(model, pk, expected_version, stale=_conflict)


# --- People -----------------------------------------------------------------------------

PERSON_FIELDS = ("given_name", "family_name", "email", "phone", "profession", "further_education")


def _person_values(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in PERSON_FIELDS}


def create_person(*, by, request=None, **values) -> Person:
    values["email"] = (values.get("email") or "").strip().lower() or None
    if values["email"] and Person.objects.filter(email__iexact=values["email"]).exists():
        raise RegistryError(_("Det finnes allerede en person med e-postadressen %(email)s.") % values, field="email")
    person = Person.objects.create(**values)
    record(AuditAction.CREATED, request=request, actor=by, obj=person, changes=_person_values(person))
    return person


@transaction.atomic
def update_person(
    person: Person, *, by, expected_version: int | None, request=None, reason: str = "", **values
) -> Person:
    """Changes a person's details (contact details, profession, further education)."""
    if "email" in values:
        values["email"] = (values["email"] or "").strip().lower() or None
        if values["email"] and Person.objects.filter(email__iexact=values["email"]).exclude(pk=person.pk).exists():
            raise RegistryError(
                _("Det finnes allerede en person med e-postadressen %(email)s.") % values, field="email"
            )
    before = _person_values(person)
    _bump_version(Person, person.pk, expected_version)
    if "email" in values and values["email"] != person.email and person.user_id:
        _move_sign_in_address(person, values["email"])
    for name, value in values.items():
        setattr(person, name, value)
    person.save(update_fields=[*values.keys()])
    person.version = Person.objects.values_list("version", flat=True).get(pk=person.pk)
    changed = diff(before, _person_values(person))
    if changed:
        today = timezone.localdate()
        if "further_education" in changed:
            Change.objects.create(
                person=person,
                kind=ChangeKind.FURTHER_EDUCATION,
                effective_on=today,
                details={"further_education": person.further_education},
                reason=reason,
                recorded_by=by,
            )
        contact = {k: v for k, v in changed.items() if k != "further_education"}
        if contact:
            Change.objects.create(
                person=person,
                kind=ChangeKind.CONTACT_DETAILS,
                effective_on=today,
                details=contact,
                reason=reason,
                recorded_by=by,
            )
        record(AuditAction.CHANGED, request=request, actor=by, obj=person, changes=changed)
    return person


def _move_sign_in_address(person: Person, email: str | None) -> None:
    # The person signs in with the address: a new address moves the account with it.
    from lindra.accounts.models import User

    if not email:
        raise RegistryError(_("En person med brukerkonto må ha en e-postadresse."), field="email")
    if User.objects.filter(email=email).exclude(pk=person.user_id).exists():
        raise RegistryError(_("E-postadressen %(email)s brukes av en annen konto.") % {"email": email}, field="email")
    User.objects.filter(pk=person.user_id).update(email=email)


# --- Memberships --------------------------------------------------------------------------


@transaction.atomic
def add_member(
    *,
    network: Network,
    person: Person,
    local_group: LocalGroup,
    workplace: Workplace,
    nearest_leader: Person | None,
    starts_on: dt.date,
    by,
    reason: str = "",
    request=None,
) -> Membership:
    if local_group.network_id != network.pk:
        raise RegistryError(_("Lokalgruppen hører til et annet nettverk."))
    if local_group.closed_on is not None and local_group.closed_on < starts_on:
        raise RegistryError(_("Lokalgruppen %(group)s er avsluttet.") % {"group": local_group})
    if nearest_leader is not None and nearest_leader.pk == person.pk:
        raise RegistryError(_("En person kan ikke være sin egen nærmeste leder."))
    overlapping = Membership.objects.filter(person=person, network=network).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if overlapping.exists():
        raise RegistryError(_("%(person)s er allerede medlem av %(network)s.") % {"person": person, "network": network})
    membership = Membership.objects.create(
        person=person,
        network=network,
        local_group=local_group,
        workplace=workplace,
        nearest_leader=nearest_leader,
        starts_on=starts_on,
    )
    Change.objects.create(
        person=person,
        membership=membership,
        kind=ChangeKind.JOINED,
        effective_on=starts_on,
        local_group=local_group,
        workplace=workplace,
        nearest_leader=nearest_leader,
        reason=reason,
        recorded_by=by,
    )
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=membership,
        network=network,
        changes=plain({"local_group": local_group, "workplace": workplace, "starts_on": starts_on}),
    )
    return membership


def _date_refusal(membership: Membership, problem: str, field: str) -> RegistryError:
    """The refusal of a date outside the membership (rules.change_date_problem)."""
    if problem == "before_start":
        return RegistryError(
            _("Datoen kan ikke være før medlemskapet startet (%(date)s).")
            % {"date": date_format(membership.starts_on, "DATE_FORMAT")},
            field=field,
        )
    return RegistryError(
        _("Datoen kan ikke være etter at medlemskapet sluttet (%(date)s).")
        % {"date": date_format(membership.ends_on, "DATE_FORMAT")},
        field=field,
    )


def _check_date(membership: Membership, effective_on: dt.date, *, field: str = "effective_on") -> None:
    problem = rules.change_date_problem(membership.starts_on, membership.ends_on, effective_on)
    if problem is not None:
        raise _date_refusal(membership, problem, field)


@transaction.atomic
def change_placement(
    membership: Membership,
    *,
    effective_on: dt.date,
    by,
    expected_version: int | None,
    local_group: LocalGroup | None = UNCHANGED,
    workplace: Workplace | None = UNCHANGED,
    nearest_leader: Person | None = UNCHANGED,
    reason: str = "",
    request=None,
) -> Membership:
    """Moves a member to another group or workplace, or gives them a new nearest leader,
    from a date that may lie back or ahead in time."""
    _check_date(membership, effective_on)
    wanted = {
        "local_group": local_group,
        "workplace": workplace,
        "nearest_leader": nearest_leader,
    }
    wanted = {name: value for name, value in wanted.items() if value is not UNCHANGED}
    if "local_group" in wanted:
        if wanted["local_group"] is None:
            raise RegistryError(_("Velg en lokalgruppe."))
        if wanted["local_group"].network_id != membership.network_id:
            raise RegistryError(_("Lokalgruppen hører til et annet nettverk."))
    if "workplace" in wanted and wanted["workplace"] is None:
        raise RegistryError(_("Velg et arbeidssted."))
    if wanted.get("nearest_leader") is not None and wanted["nearest_leader"].pk == membership.person_id:
        raise RegistryError(_("En person kan ikke være sin egen nærmeste leder."))
    state = placement_on(membership, effective_on)
    changed = {name: value for name, value in wanted.items() if state[name] != (value.pk if value else None)}
    if not changed:
        raise RegistryError(_("Ingenting er endret."))
    _bump_version(Membership, membership.pk, expected_version)
    for name, value in changed.items():
        Change.objects.create(
            person_id=membership.person_id,
            membership=membership,
            kind=name,
            effective_on=effective_on,
            reason=reason,
            recorded_by=by,
            **{name: value},
        )
    refresh_current_placement(membership)
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=membership,
        network=membership.network,
        changes=plain({**changed, "effective_on": effective_on}),
    )
    return membership


def _placement_changes(membership: Membership) -> list[rules.AttributeChange]:
    changes = []
    for row in (
        Change.objects.placements()
        .filter(membership=membership)
        .values("id", "kind", "effective_on", "local_group_id", "workplace_id", "nearest_leader_id")
    ):
        attributes = rules.PLACEMENT_ATTRIBUTES if row["kind"] == ChangeKind.JOINED else (row["kind"],)
        changes += [
            rules.AttributeChange(name, row["effective_on"], row["id"], row[f"{name}_id"]) for name in attributes
        ]
    return changes


def placement_on(membership: Membership, day: dt.date) -> dict[str, int | None]:
    """The ids of the member's group, workplace and nearest leader on the day."""
    changes = _placement_changes(membership)
    return {name: rules.value_on(changes, name, day) for name in rules.PLACEMENT_ATTRIBUTES}


def refresh_current_placement(membership: Membership, today: dt.date | None = None) -> bool:
    """Brings the membership's current group, workplace and leader in line with its history
    (a change dated ahead takes effect on its day). Returns whether anything changed."""
    today = today or timezone.localdate()
    state = placement_on(membership, max(min(today, membership.ends_on or today), membership.starts_on))
    current = {name: getattr(membership, f"{name}_id") for name in rules.PLACEMENT_ATTRIBUTES}
    if state == current:
        return False
    Membership.objects.filter(pk=membership.pk).update(**{f"{name}_id": value for name, value in state.items()})
    for name, value in state.items():
        setattr(membership, f"{name}_id", value)
    return True


def apply_changes_due(today: dt.date | None = None) -> int:
    """A periodic job: changes dated ahead take effect on their day. Idempotent, and it
    catches up when it has not run for a while (up to a year)."""
    today = today or timezone.localdate()
    # Only changes recorded before the day they take effect need applying later.
    recent = (
        Change.objects.placements()
        .filter(effective_on__gt=today - dt.timedelta(days=366), effective_on__lte=today)
        .filter(effective_on__gt=F("recorded_at__date"))
    )
    changed = 0
    for membership in Membership.objects.filter(pk__in=recent.values("membership_id")):
        changed += refresh_current_placement(membership, today)
    return changed


# --- Leave -------------------------------------------------------------------------------
#
# Every change to a member's leave raises the membership's version first: a concurrent edit
# is refused, and on PostgreSQL the row stays locked until the check for overlaps is done.


def _check_leave(membership: Membership, starts_on: dt.date, ends_on: dt.date | None, *, leave=None) -> None:
    others = membership.leaves.all() if leave is None else membership.leaves.exclude(pk=leave.pk)
    problem = rules.leave_problem(
        (membership.starts_on, membership.ends_on),
        (starts_on, ends_on),
        list(others.values_list("starts_on", "ends_on")),
    )
    if problem is None:
        return
    if problem.reason == "ends_before_start":
        raise RegistryError(_("Permisjonen kan ikke slutte før den begynner."), field=problem.field)
    if problem.reason == "overlaps":
        raise RegistryError(
            _(
                "Permisjonen overlapper en annen permisjon (%(period)s). Velg andre datoer, "
                "eller endre eller avslutt den andre permisjonen først."
            )
            % {"period": period_text(*problem.other)},
            field=problem.field,
        )
    raise _date_refusal(membership, problem.reason, problem.field)


def _leave_history(leave: Leave, kind: str, *, effective_on: dt.date, details: dict, reason: str, by) -> None:
    Change.objects.create(
        person_id=leave.membership.person_id,
        membership=leave.membership,
        kind=kind,
        effective_on=effective_on,
        details=details,
        reason=reason,
        recorded_by=by,
    )


@transaction.atomic
def put_on_leave(
    membership: Membership,
    *,
    starts_on: dt.date,
    ends_on: dt.date | None,
    by,
    expected_version: int | None = None,
    reason: str = "",
    request=None,
) -> Leave:
    _bump_version(Membership, membership.pk, expected_version)
    _check_leave(membership, starts_on, ends_on)
    leave = Leave.objects.create(membership=membership, starts_on=starts_on, ends_on=ends_on)
    details = {"ends_on": leave.dates["ends_on"]}
    _leave_history(leave, ChangeKind.LEAVE, effective_on=starts_on, details=details, reason=reason, by=by)
    record(AuditAction.CREATED, request=request, actor=by, obj=leave, network=membership.network, changes=leave.dates)
    return leave


def _move_leave(leave: Leave, starts_on: dt.date, ends_on: dt.date | None, *, by, request) -> dict:
    """Gives a leave new dates, checked as a new leave's would be; returns the dates before."""
    _check_leave(leave.membership, starts_on, ends_on, leave=leave)
    before = leave.dates
    Leave.objects.filter(pk=leave.pk).update(starts_on=starts_on, ends_on=ends_on)
    leave.starts_on, leave.ends_on = starts_on, ends_on
    changes = diff(before, leave.dates)
    record(AuditAction.CHANGED, request=request, actor=by, obj=leave, network=leave.membership.network, changes=changes)
    return before


@transaction.atomic
def end_leave(
    leave: Leave, *, ends_on: dt.date, by, expected_version: int | None, reason: str = "", request=None
) -> Leave:
    """Ends a leave on its last day: the member is back from the day after."""
    _bump_version(Membership, leave.membership_id, expected_version)
    if ends_on == leave.ends_on:
        raise RegistryError(_("Permisjonen slutter allerede denne dagen."), field="ends_on")
    _move_leave(leave, leave.starts_on, ends_on, by=by, request=request)
    _leave_history(leave, ChangeKind.LEAVE_ENDED, effective_on=ends_on, details=leave.dates, reason=reason, by=by)
    return leave


@transaction.atomic
def change_leave(
    leave: Leave,
    *,
    starts_on: dt.date,
    ends_on: dt.date | None,
    by,
    expected_version: int | None,
    reason: str = "",
    request=None,
) -> Leave:
    """Corrects the dates of a leave that was registered wrong."""
    _bump_version(Membership, leave.membership_id, expected_version)
    if (starts_on, ends_on) == (leave.starts_on, leave.ends_on):
        raise RegistryError(_("Ingenting er endret."))
    before = _move_leave(leave, starts_on, ends_on, by=by, request=request)
    details = {"before": before, "after": leave.dates}
    _leave_history(leave, ChangeKind.LEAVE_CHANGED, effective_on=starts_on, details=details, reason=reason, by=by)
    return leave


@transaction.atomic
def remove_leave(leave: Leave, *, by, expected_version: int | None, reason: str = "", request=None) -> None:
    """Removes a leave registered by mistake: the member counts as not on leave on its days,
    and absences from those days count again. The history keeps that it was there."""
    _bump_version(Membership, leave.membership_id, expected_version)
    details = leave.dates
    _leave_history(leave, ChangeKind.LEAVE_REMOVED, effective_on=leave.starts_on, details=details, reason=reason, by=by)
    record(AuditAction.DELETED, request=request, actor=by, obj=leave, network=leave.membership.network, changes=details)
    leave.delete()


@transaction.atomic
def record_milestone(membership: Membership, *, kind: str, on: dt.date, by, request=None) -> Membership:
    """Records a completed intro course or a signed function description."""
    field = {
        ChangeKind.INTRO_COURSE: "intro_course_completed_on",
        ChangeKind.FUNCTION_DESCRIPTION: "function_description_signed_on",
    }[kind]
    if on < membership.starts_on - dt.timedelta(days=366):
        raise RegistryError(_("Datoen er mer enn ett år før medlemskapet startet."), field="on")
    if on > timezone.localdate():
        raise RegistryError(_("Datoen kan ikke være fram i tid."), field="on")
    Membership.objects.filter(pk=membership.pk).update(**{field: on}, version=F("version") + 1)
    setattr(membership, field, on)
    Change.objects.create(
        person_id=membership.person_id, membership=membership, kind=kind, effective_on=on, recorded_by=by
    )
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=membership,
        network=membership.network,
        changes={field: str(on)},
    )
    return membership


@transaction.atomic
def end_membership(
    membership: Membership,
    *,
    ends_on: dt.date,
    by,
    expected_version: int | None,
    reason: str = "",
    request=None,
) -> Membership:
    if membership.ends_on is not None:
        raise RegistryError(_("Medlemskapet er allerede avsluttet."))
    if ends_on < membership.starts_on:
        raise RegistryError(_("Sluttdatoen kan ikke være før medlemskapet startet."), field="ends_on")
    _bump_version(Membership, membership.pk, expected_version)
    Membership.objects.filter(pk=membership.pk).update(ends_on=ends_on)
    membership.ends_on = ends_on
    # An end dated back before a recorded move: the member's last placement is the one then.
    refresh_current_placement(membership)
    Change.objects.create(
        person_id=membership.person_id,
        membership=membership,
        kind=ChangeKind.ENDED,
        effective_on=ends_on,
        reason=reason,
        recorded_by=by,
    )
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=membership,
        network=membership.network,
        changes={"ends_on": str(ends_on)},
    )
    return membership


# --- Groups -------------------------------------------------------------------------------


def _stretches_in_group(group: LocalGroup, from_day: dt.date) -> list[tuple[Membership, list[dt.date]]]:
    """The memberships the history places in the group on or after the day, each with the
    first day of every stretch there: those in it on the day, those who join it later, and
    not those who are due to leave it before the day."""
    ever_in_group = Change.objects.placements().filter(local_group=group).values("membership_id")
    found = []
    for membership in Membership.objects.filter(pk__in=ever_in_group).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=from_day)
    ):
        first = max(from_day, membership.starts_on)
        later = Change.objects.filter(membership=membership, local_group=group, effective_on__gt=first)
        if membership.ends_on is not None:  # an end dated back may lie before recorded moves
            later = later.filter(effective_on__lte=membership.ends_on)
        days = sorted({first, *later.values_list("effective_on", flat=True)})
        days = [day for day in days if placement_on(membership, day)["local_group"] == group.pk]
        if days:
            found.append((membership, days))
    return found


@transaction.atomic
def close_group(
    group: LocalGroup, *, closed_on: dt.date, by, expected_version: int | None = None, request=None
) -> LocalGroup:
    members = len(_stretches_in_group(group, closed_on))
    if members:
        raise RegistryError(
            ngettext(
                "Gruppen har fortsatt %(n)s medlem. Flytt medlemmet eller slå gruppen sammen med en annen først.",
                "Gruppen har fortsatt %(n)s medlemmer. Flytt dem eller slå gruppen sammen med en annen først.",
                members,
            )
            % {"n": members}
        )
    group.version = _bump_version(LocalGroup, group.pk, expected_version)
    LocalGroup.objects.filter(pk=group.pk).update(closed_on=closed_on)
    group.closed_on = closed_on
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=group,
        network=group.network,
        changes={"closed_on": str(closed_on)},
    )
    return group


@transaction.atomic
def merge_groups(
    source: LocalGroup,
    target: LocalGroup,
    *,
    effective_on: dt.date,
    by,
    expected_version: int | None = None,
    request=None,
) -> int:
    """Moves every member of `source` to `target` from the date, and closes `source`; refused
    when someone else changed `source` since the form was opened at expected_version."""
    if source.pk == target.pk:
        raise RegistryError(_("Velg en annen gruppe å slå sammen med."))
    if source.network_id != target.network_id:
        raise RegistryError(_("Gruppene hører til forskjellige nettverk."))
    source.version = _bump_version(LocalGroup, source.pk, expected_version)
    reason = _("Gruppen %(source)s ble slått sammen med %(target)s.") % {"source": source, "target": target}
    stretches = _stretches_in_group(source, effective_on)
    for membership, days in stretches:
        for day in days:
            change_placement(
                membership, effective_on=day, local_group=target, by=by, expected_version=None, reason=reason
            )
    moved = len(stretches)
    LocalGroup.objects.filter(pk=source.pk).update(closed_on=effective_on - dt.timedelta(days=1), merged_into=target)
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=source,
        network=source.network,
        changes={"merged_into": str(target), "moved": moved},
    )
    return moved


# --- The registry on a date ---------------------------------------------------------------


def _latest(attribute: str, day: dt.date | OuterRef, membership: OuterRef | None = None) -> Subquery:
    """The attribute's value on the day, from the history of the membership (the outer row's)."""
    return Subquery(
        Change.objects.filter(
            membership=membership or OuterRef("pk"), kind__in=[ChangeKind.JOINED, attribute], effective_on__lte=day
        )
        .order_by("-effective_on", "-id")
        .values(attribute)[:1]
    )


def group_on_day(membership: str, day: str) -> Coalesce:
    """For a query of rows that each name a membership and a day (the fields `membership` and
    `day`): the member's local group on that day as the history places them, else the
    membership's own group. The rule of rules.value_on, counted in the database."""
    return Coalesce(
        _latest("local_group", OuterRef(day), OuterRef(membership)),
        F(f"{membership}__local_group_id"),
        output_field=IntegerField(),
    )


def memberships_on(day: dt.date) -> QuerySet[Membership]:
    """Memberships as they were on the day: annotated with group_on, workplace_on and
    leader_on (ids) from the history, whatever has changed since."""
    return Membership.objects.current(day).annotate(
        group_on=_latest("local_group", day),
        workplace_on=_latest("workplace", day),
        leader_on=_latest("nearest_leader", day),
    )


# --- Leaders, workplaces, networks, groups and committees ----------------------------------


def _same_name(typed: str, registered: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(registered.split()).casefold()


def find_or_create_person(
    *,
    email: str,
    given_name: str = "",
    family_name: str = "",
    by,
    request=None,
    field: str = "given_name",
    **details,
) -> Person | None:
    """The person with this e-mail address, registered first if new; None without an address.

    A known person is used as registered: a name typed for them that is not theirs is
    refused (on `field`), since the address may be mistyped, and never written over theirs."""
    email = (email or "").strip().lower()
    if not email:
        return None
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        if not given_name or not family_name:
            raise RegistryError(
                _("%(email)s er ikke registrert. Skriv fornavn og etternavn.") % {"email": email}, field=field
            )
        return create_person(
            by=by, request=request, given_name=given_name, family_name=family_name, email=email, **details
        )
    typed = [(given_name, person.given_name), (family_name, person.family_name)]
    if any(name and not _same_name(name, registered) for name, registered in typed):
        raise RegistryError(
            _(
                "%(email)s er registrert på %(name)s, ikke «%(typed)s». Sjekk e-postadressen. Er det samme person, "
                "la navnefeltene stå tomme eller skriv navnet som registrert (det kan rettes på personsiden)."
            )
            % {"email": email, "name": person.full_name, "typed": " ".join(filter(None, (given_name, family_name)))},
            field=field,
        )
    return person


def find_or_create_leader(
    *, email: str, given_name: str = "", family_name: str = "", by, request=None
) -> Person | None:
    """The nearest leader with this e-mail address; registered first if new. None if no e-mail."""
    return find_or_create_person(
        email=email,
        given_name=given_name,
        family_name=family_name,
        by=by,
        request=request,
        field="leader_given_name",
    )


@transaction.atomic
def register_member(
    network: Network,
    *,
    email: str,
    given_name: str,
    family_name: str,
    phone: str,
    profession: str,
    local_group: LocalGroup,
    workplace: Workplace | None,
    new_workplace=None,
    leader_email: str,
    leader_given_name: str,
    leader_family_name: str,
    starts_on: dt.date,
    by,
    request=None,
) -> Membership:
    """Adds a member as the secretariat types it in, all or nothing: the person and the
    nearest leader found by e-mail or registered, the workplace chosen or registered from
    the validated `new_workplace` form."""
    person = find_or_create_person(
        email=email,
        given_name=given_name,
        family_name=family_name,
        phone=phone,
        profession=profession,
        by=by,
        request=request,
    )
    leader = find_or_create_leader(
        email=leader_email, given_name=leader_given_name, family_name=leader_family_name, by=by, request=request
    )
    if workplace is None:
        workplace = save_workplace(new_workplace, by=by, request=request)
    return add_member(
        network=network,
        person=person,
        local_group=local_group,
        workplace=workplace,
        nearest_leader=leader,
        starts_on=starts_on,
        by=by,
        request=request,
    )


@transaction.atomic
def save_form_instance(form, *, by, request=None, network=None):
    """Saves a validated ModelForm (network, group, committee, workplace) with its audit entry;
    ConflictError when someone else saved the record since the form was opened."""
    created = form.instance.pk is None
    if not created and "version" in form.fields:
        form.instance.version = _bump_version(type(form.instance), form.instance.pk, form.cleaned_data.get("version"))
    instance = form.save()
    record(
        AuditAction.CREATED if created else AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=instance,
        network=network,
        changes={name: plain(form.cleaned_data.get(name)) for name in form.changed_data},
    )
    return instance


@transaction.atomic
def save_workplace(form, *, by, request=None) -> Workplace:
    """Saves a validated WorkplaceForm; an owner typed rather than chosen is registered first."""
    if not form.cleaned_data.get("organisation"):
        name = form.cleaned_data["new_organisation"].strip()
        organisation = Organisation.objects.filter(name__iexact=name).first() or Organisation.objects.create(
            name=name, kind=form.cleaned_data.get("new_organisation_kind") or Organisation.Kind.MUNICIPALITY
        )
        form.instance.organisation = organisation
    return save_form_instance(form, by=by, request=request)


# --- Change requests ------------------------------------------------------------------------


@transaction.atomic
def report_change(membership: Membership, *, by, request=None, **values) -> ChangeRequest:
    """A member or nearest leader reports a change; the secretariat is told by e-mail."""
    change_request = ChangeRequest.objects.create(membership=membership, requested_by=by, **values)
    network = membership.network
    queue_message(
        "change_request_received",
        to=[network.secretariat_email],
        context={"change_request": change_request, "url": _absolute("registry:change_request", change_request.pk)},
        network=network,
    )
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=change_request,
        network=network,
        changes={"kind": values.get("kind")},
    )
    return change_request


@transaction.atomic
def handle_change_request(
    change_request: ChangeRequest,
    *,
    decision: str,
    response: str,
    by,
    leave: tuple[dt.date, dt.date | None] | None = None,
    request=None,
) -> ChangeRequest:
    """The secretariat marks a reported change applied or rejected; the reporter is told.
    A leave applied is registered with the dates given (those reported, or corrected)."""
    updated = ChangeRequest.objects.filter(pk=change_request.pk, status=ChangeRequest.Status.OPEN).update(
        status=decision, response=response, handled_by=by, handled_at=timezone.now()
    )
    if not updated:
        raise RegistryError(_("Meldingen er allerede behandlet."))
    change_request.refresh_from_db()
    if decision == ChangeRequest.Status.APPLIED and change_request.kind == ChangeRequest.Kind.LEAVE:
        starts_on, ends_on = leave or (change_request.effective_on, change_request.ends_on)
        if starts_on is None:
            raise RegistryError(_("Skriv når permisjonen begynner."), field="starts_on")
        put_on_leave(
            change_request.membership,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=_("Endringsmelding fra %(name)s") % {"name": change_request.requested_by},
            by=by,
            request=request,
        )
    queue_message(
        "change_request_handled",
        to=[change_request.requested_by.email],
        context={"change_request": change_request, "url": _absolute("registry:change_request", change_request.pk)},
        network=change_request.membership.network,
    )
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=change_request,
        network=change_request.membership.network,
        changes={"status": decision},
    )
    return change_request


def _absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def record_joined(memberships: list[Membership], *, by=None) -> None:
    """Writes the first history row of memberships created in bulk (import, demo data)."""
    Change.objects.bulk_create(
        Change(
            person_id=m.person_id,
            membership=m,
            kind=ChangeKind.JOINED,
            effective_on=m.starts_on,
            local_group_id=m.local_group_id,
            workplace_id=m.workplace_id,
            nearest_leader_id=m.nearest_leader_id,
            recorded_by=by,
        )
        for m in memberships
    )


# --- Terms: group leaders, committee members, secretariat staff -----------------------------


def seat_committee(network: Network) -> Committee | None:
    """Where a group leader sits while the term lasts (seed 000: "medlem av driftsgruppen"):
    the network's open operations group, or, in a network without one, its open working group
    (at Ahus the områdeledere sit in the arbeidsgruppe, seed 003)."""
    committees = Committee.objects.filter(network=network, closed_on__isnull=True)
    for kind in (Committee.Kind.OPERATIONS, Committee.Kind.WORKING):
        found = committees.filter(kind=kind).order_by("name", "pk").first()
        if found is not None:
            return found
    return None


@transaction.atomic
def appoint_group_leader(group: LocalGroup, *, expected_version: int | None, **appointment) -> Term:
    """Appoints the group's leader (see appoint), refused when someone else changed the group
    (or appointed its leader) since the form was opened at expected_version."""
    group.version = _bump_version(LocalGroup, group.pk, expected_version)
    return appoint(kind=Term.Kind.GROUP_LEADER, network=group.network, local_group=group, **appointment)


@transaction.atomic
def appoint(
    *,
    kind: str,
    person: Person,
    network: Network,
    starts_on: dt.date,
    ends_on: dt.date | None,
    by,
    local_group: LocalGroup | None = None,
    committee=None,
    end_current: bool = False,
    request=None,
) -> Term:
    """Gives a person a dated role. With end_current, the role's current holders (a group's
    leader, for one) step down the day before. A group leader also gets the seat in the
    operations group that follows the term (seat_committee)."""
    if ends_on is not None and ends_on < starts_on:
        raise RegistryError(_("Perioden kan ikke slutte før den begynner."))
    holders = Term.objects.filter(kind=kind, network=network, local_group=local_group, committee=committee)
    if holders.filter(person=person).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)).exists():
        raise RegistryError(_("%(person)s har allerede denne rollen i perioden.") % {"person": person})
    if end_current:
        for term in holders.current(starts_on):
            end_term(term, ends_on=starts_on - dt.timedelta(days=1), by=by, request=request)
    term = Term.objects.create(
        kind=kind,
        person=person,
        network=network,
        local_group=local_group,
        committee=committee,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    seat = None
    if kind == Term.Kind.GROUP_LEADER:
        committee_seated = seat_committee(network)
        if committee_seated is not None:
            seat = Term.objects.create(
                kind=Term.Kind.COMMITTEE_MEMBER,
                person=person,
                network=network,
                committee=committee_seated,
                starts_on=starts_on,
                ends_on=ends_on,
                seat_of=term,
            )
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=term,
        network=network,
        changes={
            "kind": kind,
            "person": str(person),
            "starts_on": str(starts_on),
            "ends_on": str(ends_on or ""),
            **({"seat": str(seat.committee)} if seat else {}),
        },
    )
    return term


def end_term(term: Term, *, ends_on: dt.date | None, by, request=None) -> Term:
    """Sets the last day of a term (None: open-ended again); the seats that follow it end with
    it. A seat is changed only through the term it follows."""
    if term.seat_of_id:
        raise RegistryError(
            _("Setet følger vervet som gruppeleder og endres bare sammen med det. Endre gruppeledervervet i stedet.")
        )
    if ends_on is not None and ends_on < term.starts_on:
        ends_on = term.starts_on
    Term.objects.filter(Q(pk=term.pk) | Q(seat_of=term)).update(ends_on=ends_on)
    term.ends_on = ends_on
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=term,
        network=term.network,
        changes={"ends_on": str(ends_on or "")},
    )
    return term
