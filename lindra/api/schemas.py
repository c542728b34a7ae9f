"""What the API answers, as the OpenAPI description shows it."""

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema


class Problem(Schema):
    detail: str = Field(description="Hva som er galt, på norsk.")
    errors: list[dict[str, Any]] | None = Field(None, description="Ved ugyldige parametre: hvilke, og hvorfor.")


class NetworkOut(Schema):
    id: int
    name: str
    short_name: str
    secretariat_email: str
    member_title: str = Field(description="Hva medlemmene kalles, f.eks. ressurssykepleier.")
    meetings_per_group_per_year: int


class MunicipalityOut(Schema):
    number: str = Field(description="Kommunenummer.")
    name: str


class LeaderOut(Schema):
    given_name: str
    family_name: str
    email: str | None
    since: dt.date
    until: dt.date | None

    @staticmethod
    def resolve_given_name(term) -> str:
        return term.person.given_name

    @staticmethod
    def resolve_family_name(term) -> str:
        return term.person.family_name

    @staticmethod
    def resolve_email(term) -> str | None:
        return term.person.email

    @staticmethod
    def resolve_since(term) -> dt.date:
        return term.starts_on

    @staticmethod
    def resolve_until(term) -> dt.date | None:
        return term.ends_on


class GroupOut(Schema):
    id: int
    network_id: int
    name: str
    municipalities: list[MunicipalityOut] = Field(description="Kommunene gruppen dekker.")
    leaders: list[LeaderOut] = Field(description="Gruppeledere i dag.")
    closed_on: dt.date | None
    merged_into_id: int | None = Field(description="Gruppen den ble slått sammen med.")

    @staticmethod
    def resolve_municipalities(group) -> list:
        return list(group.municipalities.all())

    @staticmethod
    def resolve_leaders(group) -> list:
        return group.current_leaders


class PersonOut(Schema):
    given_name: str
    family_name: str
    email: str | None


class WorkplaceOut(Schema):
    id: int
    name: str


def _membership(row):
    """A row of a group's name list holds its membership; the network's list is memberships."""
    return getattr(row, "membership", row)


class MemberOut(Schema):
    membership_id: int
    given_name: str
    family_name: str
    email: str | None
    profession: str = Field(description="Yrke: kode i Helsedirektoratets kodeverk 9060 (SP, FT, ET …); tom når ukjent.")
    local_group_id: int | None
    workplace: WorkplaceOut | None
    on_leave: bool = Field(description="I permisjon i dag.")
    nearest_leader: PersonOut | None

    @staticmethod
    def resolve_membership_id(row) -> int:
        return _membership(row).pk

    @staticmethod
    def resolve_given_name(row) -> str:
        return row.person.given_name

    @staticmethod
    def resolve_family_name(row) -> str:
        return row.person.family_name

    @staticmethod
    def resolve_email(row) -> str | None:
        return row.person.email

    @staticmethod
    def resolve_profession(row) -> str:
        return row.person.profession

    @staticmethod
    def resolve_local_group_id(row) -> int | None:
        membership = _membership(row)
        return getattr(membership, "group_on", membership.local_group_id)


class MeetingFigures(Schema):
    members_called: int = Field(description="Medlemmer innkalt.")
    guests_invited: int
    registered: int = Field(description="Påmeldt (medlemmer og gjester).")
    notices_of_absence: int = Field(description="Meldt forfall. Lindra lagrer aldri årsaken.")
    unanswered: int
    attendance_recorded: bool = Field(
        description="Om oppmøtet er registrert; tallene under er da fra listen slik den ble lagret."
    )
    present: int | None = Field(description="Medlemmer til stede.")
    absent_with_notice: int | None
    absent_without_notice: int | None
    guests_present: int | None


MeetingKind = Literal["group", "committee", "fagdag", "course"]


class MeetingOut(Schema):
    id: int
    kind: MeetingKind = Field(description="Nettverksmøte, utvalgsmøte, fagdag eller introduksjonskurs.")
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    local_group_id: int | None
    committee_id: int | None
    figures: MeetingFigures

    @staticmethod
    def resolve_figures(meeting) -> dict:
        recorded = meeting.attendance_recorded_at is not None
        saved = (meeting.attendance_counts or {}) if recorded else {}
        return {
            "members_called": meeting.members_called,
            "guests_invited": meeting.guests_invited,
            "registered": meeting.registered,
            "notices_of_absence": meeting.notices_of_absence,
            "unanswered": meeting.unanswered,
            "attendance_recorded": recorded,
            "present": saved.get("present"),
            "absent_with_notice": saved.get("notice"),
            "absent_without_notice": saved.get("absent"),
            "guests_present": saved.get("guests"),
        }


class ReportOut(Schema):
    network_id: int
    year: int
    published: bool = Field(description="Publisert: tallene er frosset slik de var da. Ellers regnet ut nå.")
    figures: dict[str, Any] = Field(description="Årsrapportens tall, i rapportens rekkefølge.")
