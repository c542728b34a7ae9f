"""The operations group's representative at a group meeting (seed 001: "Representanter fra
driftsgruppen skal delta på nettverksmøtene"). The group leader or the secretariat names, for
each group meeting, which member of the operations group attends: someone who sits in the
network's operations group on the meeting's date and is not a member of the group (a member
is there anyway, and counts as one). The representative is called like a participant: their
own invitation with links, the minutes as a reader, a row on the attendance sheet marked
"fra driftsgruppen", never counted in the group's attendance."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.core.versions import bump_version
from lindra.meetings import invitations
from lindra.meetings.models import Meeting, Registration
from lindra.meetings.services import MeetingError, stale_meeting
from lindra.registry.models import Committee, Membership, Person, Term

# The representative's marks are never counted, wherever registrations' marks are counted.
# (Spelled out for meetings without a representative: a comparison with an empty column is no
# answer in SQL.)
NOT_THE_REPRESENTATIVE = Q(meeting__operations_representative__isnull=True) | ~Q(
    person=F("meeting__operations_representative")
)


def candidates(meeting: Meeting) -> list[Person]:
    """Who may represent the operations group at the meeting: its members on the meeting's
    date (committee terms of the network's open operations groups), less the group's members."""
    day = timezone.localdate(meeting.starts_at)
    terms = (
        Term.objects.current(day)
        .filter(committee__network=meeting.network_id, committee__kind=Committee.Kind.OPERATIONS)
        .filter(Q(committee__closed_on__isnull=True) | Q(committee__closed_on__gte=day))
    )
    in_group = Membership.objects.current(day).filter(local_group=meeting.local_group_id).values("person_id")
    return list(
        Person.objects.filter(terms__in=terms).exclude(pk__in=in_group).distinct().order_by("given_name", "family_name")
    )


@dataclass(frozen=True)
class Chosen:
    person: Person | None
    invited: bool  # their invitation was sent now


@transaction.atomic
def choose_representative(
    meeting: Meeting, person: Person | None, *, by, expected_version: int | None = None, request=None
) -> Chosen:
    """Names the representative (None: no one yet). The new one is called at once: a
    registration to answer with, and, if the invitation has gone out and the meeting is still
    to come, their own invitation. One replaced who has not been marked on the attendance
    sheet is no longer called."""
    if meeting.kind != Meeting.Kind.GROUP:
        raise MeetingError(_("Bare nettverksmøter i lokalgruppene har en representant fra driftsgruppen."))
    # Locked: two people choosing at once each replace the one the other chose, in turn.
    locked = Meeting.objects.select_for_update(of=("self",)).select_related("operations_representative")
    previous = locked.get(pk=meeting.pk).operations_representative
    if previous == person:
        return Chosen(person, invited=False)
    if person is not None and person not in candidates(meeting):
        raise MeetingError(
            _("%(name)s sitter ikke i driftsgruppen %(date)s, eller er medlem av gruppen. Velg en fra listen.")
            % {"name": person.full_name, "date": date_format(timezone.localdate(meeting.starts_at), "DATE_FORMAT")},
            field="representative",
        )
    meeting.version = bump_version(
        Meeting, meeting.pk, expected_version, stale=stale_meeting, operations_representative=person
    )
    meeting.operations_representative = person
    if previous is not None:
        Registration.objects.filter(meeting=meeting, person=previous, attendance="").delete()
    invited = False
    if person is not None:
        registration, _created = Registration.objects.get_or_create(
            meeting=meeting, person=person, defaults={"kind": Registration.Kind.MEMBER}
        )
        if meeting.starts_at > timezone.now():
            invited = invitations.send_invitation_to(registration)
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=meeting,
        network=meeting.network,
        changes={"operations_representative": [_name(previous), _name(person)]},
    )
    return Chosen(person, invited)


def _name(person: Person | None) -> str:
    return person.full_name if person is not None else ""
