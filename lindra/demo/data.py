"""The demo data: three real competence networks, made-up people, one demo user per role.

The people are drawn from a fixed seed, so every load gives the same names; the dates are
counted from today, so the demo always has current terms and upcoming meetings. Every
e-mail address is under a reserved .example domain: no real person is ever mailed.
"""

import datetime as dt
import random
import time
import unicodedata
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindra.accounts import two_factor
from lindra.accounts.models import User
from lindra.annual import deviations as annual_deviations
from lindra.annual import rules as annual_rules
from lindra.annual import steering
from lindra.annual.models import (
    AnnualReport,
    Deviation,
    DeviationStep,
    Document,
    DocumentVersion,
    NewsItem,
    PublicPage,
    ReportRecipient,
    ReportText,
    SteeringReport,
)
from lindra.core.pdf import pdf_from_html
from lindra.development import onboarding
from lindra.development import rules as development_rules
from lindra.development.models import (
    Acceptance,
    CompetenceActivity,
    FunctionDescription,
    ReportBack,
    WelcomeLetter,
    WorkPlan,
    WorkPlanReminder,
    YearlyMeeting,
)
from lindra.meetings import rules
from lindra.meetings.models import (
    CompetenceTopic,
    DeadlineStep,
    FollowUp,
    Invitation,
    Meeting,
    Minutes,
    Registration,
)
from lindra.meetings.rules import Step, deadline_chain, next_notice_on
from lindra.meetings.services import create_steps
from lindra.registry.models import (
    Change,
    ChangeKind,
    Committee,
    Leave,
    LocalGroup,
    Membership,
    Municipality,
    Network,
    Organisation,
    Person,
    Profession,
    Term,
    Workplace,
)
from lindra.registry.municipalities import read_municipalities
from lindra.registry.services import record_joined, record_milestone

SEED = 2026
PASSWORD = "lindra-demo-2026"
OSLO = ZoneInfo("Europe/Oslo")


# --- The demo users ----------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    role: str  # a key of lindra.accounts.roles.ROLE_LABELS
    email: str
    given_name: str = ""
    family_name: str = ""
    profession: str = Profession.NURSE

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


SUPERUSER = DemoUser("superuser", "admin@lindra.example")  # a Django superuser, no Person
SECRETARIAT = DemoUser("secretariat", "sekretariat@lindra.example", "Hilde", "Solberg")  # KLB and physio
AHUS_SECRETARIAT = DemoUser("secretariat", "sekretariat.ahus@lindra.example", "Elisabeth", "Strand")
COMMITTEE_MEMBER = DemoUser("committee_member", "utvalg@lindra.example", "Marianne", "Holm")
GROUP_LEADER = DemoUser("group_leader", "gruppeleder@lindra.example", "Silje", "Haugland")
HOST = DemoUser("host", "arrangor@lindra.example", "Jonas", "Brekke")
MEMBER = DemoUser("member", "medlem@lindra.example", "Ingrid", "Dale")
NEAREST_LEADER = DemoUser("nearest_leader", "leder@lindra.example", "Trond", "Myklebust")

DEMO_USERS = (SUPERUSER, SECRETARIAT, AHUS_SECRETARIAT, COMMITTEE_MEMBER, GROUP_LEADER, HOST, MEMBER, NEAREST_LEADER)
# The secretariat and the administrator sign in with a code from an app as well. Their demo
# app has this fixed key (20 bytes, hex); while the demo mailbox is on, the code page shows
# its current code, so the real flow can be walked without an app.
TWO_FACTOR_USERS = (SUPERUSER, SECRETARIAT, AHUS_SECRETARIAT)
TWO_FACTOR_KEY = "6c696e6472612d64656d6f2d746f74702d6b6579"

# Where the group leader, host and member demo users work; the nearest leader demo user
# leads DEMO_WORKPLACE, so the host and the member are among that leader's staff.
DEMO_GROUP = "Bergen nord"
DEMO_WORKPLACE = "Hjemmesykepleien Åsane"
GROUP_LEADER_WORKPLACE = "Åstveit sykehjem"


# --- Places ------------------------------------------------------------------------------

# The municipalities the demo uses (2024 numbering, as in the reference list).
MUNICIPALITIES = {
    "0301": "Oslo",
    "3205": "Lillestrøm",
    "3207": "Nordre Follo",
    "3209": "Ullensaker",
    "3212": "Nesodden",
    "3214": "Frogn",
    "3216": "Vestby",
    "3218": "Ås",
    "3220": "Enebakk",
    "3222": "Lørenskog",
    "3224": "Rælingen",
    "3226": "Aurskog-Høland",
    "3228": "Nes",
    "3230": "Gjerdrum",
    "3232": "Nittedal",
    "3238": "Nannestad",
    "3240": "Eidsvoll",
    "3242": "Hurdal",
    "3401": "Kongsvinger",
    "3414": "Nord-Odal",
    "3415": "Sør-Odal",
    "3416": "Eidskog",
    "3417": "Grue",
    "3418": "Åsnes",
    "4601": "Bergen",
    "4621": "Voss",
    "4623": "Samnanger",
    "4624": "Bjørnafjorden",
    "4625": "Austevoll",
    "4626": "Øygarden",
    "4627": "Askøy",
    "4628": "Vaksdal",
    "4629": "Modalen",
    "4630": "Osterøy",
    "4631": "Alver",
    "4632": "Austrheim",
    "4633": "Fedje",
    "4634": "Masfjorden",
}

# Owners that are not a kommune; every other owner is one.
ORGANISATION_KINDS = {
    "Helse Bergen HF": Organisation.Kind.HEALTH_TRUST,
    "Akershus universitetssykehus HF": Organisation.Kind.HEALTH_TRUST,
    "Haraldsplass Diakonale Sykehus": Organisation.Kind.PRIVATE,
    "Bydel Alna": Organisation.Kind.CITY_DISTRICT,
    "Bydel Grorud": Organisation.Kind.CITY_DISTRICT,
    "Bydel Stovner": Organisation.Kind.CITY_DISTRICT,
}

NH = Workplace.Kind.NURSING_HOME
HC = Workplace.Kind.HOME_CARE
HW = Workplace.Kind.HOSPITAL_WARD
OP = Workplace.Kind.OUTPATIENT
CC = Workplace.Kind.CANCER_COORDINATOR
RE = Workplace.Kind.REHABILITATION
OT = Workplace.Kind.OTHER


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    owner: str
    municipality: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.owner, self.name)


def _places(owner: str, municipality: str, *named: tuple[str, str]) -> tuple[Place, ...]:
    return tuple(Place(name, kind, owner, municipality) for name, kind in named)


# --- People in named roles ---------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    """A named person in a role: secretariat, committee leader or member."""

    given_name: str
    family_name: str
    email: str
    profession: str = Profession.NURSE
    since_years: int = 3  # the role began this many years ago
    until_years: int | None = None  # and ended this many years ago; None while it lasts


def _as_staff(user: DemoUser, since_years: int) -> Staff:
    return Staff(user.given_name, user.family_name, user.email, user.profession, since_years)


@dataclass(frozen=True)
class GroupSpec:
    name: str
    municipalities: tuple[str, ...]
    size: int  # memberships over the years, ended ones included
    places: tuple[Place, ...]


@dataclass(frozen=True)
class CommitteeSpec:
    name: str
    kind: str
    leader: Staff | None = None
    members: tuple[Staff, ...] = ()
    group_leaders_sit: bool = False  # the group leaders are members while they lead (seed 000)
    meets: bool = False  # holds the policy's committee meetings


@dataclass(frozen=True)
class NetworkSpec:
    name: str
    short_name: str
    secretariat_email: str
    member_title: str
    member_title_plural: str
    professions: tuple[tuple[str, int], ...]  # profession and weight
    venue: Place  # where the secretariat sits and the committees meet
    secretariat: tuple[Staff, ...]
    committees: tuple[CommitteeSpec, ...]
    groups: tuple[GroupSpec, ...]
    policy: dict[str, int | None] = field(default_factory=dict)


HELSE_BERGEN = "Helse Bergen HF"
HARALDSPLASS = "Haraldsplass Diakonale Sykehus"
AHUS = "Akershus universitetssykehus HF"
KLB_VENUE = Place("Kompetansesenter i lindrende behandling", OT, HELSE_BERGEN, "4601")
AHUS_VENUE = Place("Palliativ avdeling, Ahus", HW, AHUS, "3222")

KLB = NetworkSpec(
    name="Nettverk i kreftomsorg og lindrende behandling i Helse Bergen",
    short_name="KLB-nettverket",
    secretariat_email="lindrende.behandling@helse-bergen.example",
    member_title="ressurssykepleier",
    member_title_plural="ressurssykepleiere",
    professions=((Profession.NURSE, 88), (Profession.SOCIAL_EDUCATOR, 6), (Profession.AUXILIARY_NURSE, 6)),
    venue=KLB_VENUE,
    secretariat=(
        _as_staff(SECRETARIAT, since_years=6),
        Staff("Anne Grete", "Nilsen", "anne.grete.nilsen@helse-bergen.example", since_years=9),
        Staff("Liv", "Mjelde", "liv.mjelde@helse-bergen.example", since_years=12, until_years=4),
    ),
    committees=(
        CommitteeSpec(
            "Driftsgruppen",
            Committee.Kind.OPERATIONS,
            leader=Staff("Anne Grete", "Nilsen", "anne.grete.nilsen@helse-bergen.example", since_years=5),
            group_leaders_sit=True,
            meets=True,
        ),
        CommitteeSpec(
            "Styringsgruppen",
            Committee.Kind.STEERING,
            leader=Staff("Kjell Erik", "Haugen", "kjell.erik.haugen@helse-bergen.example", Profession.DOCTOR, 4),
            members=(
                Staff("Grete", "Aase", "grete.aase@bergen.kommune.example", since_years=3),
                Staff("Bjørn", "Tveit", "bjorn.tveit@askoy.kommune.example", Profession.OTHER, 2),
                Staff("Randi", "Lie", "randi.lie@helse-bergen.example", since_years=5),
            ),
        ),
    ),
    groups=(
        GroupSpec(
            "Bergen sentrum",
            ("4601",),
            24,
            _places(
                "Bergen kommune",
                "4601",
                ("Ladegården sykehjem", NH),
                ("Nordnes sykehjem", NH),
                ("Solheimsviken sykehjem", NH),
                ("Hjemmesykepleien Bergenhus", HC),
                ("Hjemmesykepleien Årstad", HC),
                ("Kreftkoordinator Bergen sentrum", CC),
            ),
        ),
        GroupSpec(
            DEMO_GROUP,
            ("4601",),
            22,
            _places(
                "Bergen kommune",
                "4601",
                (DEMO_WORKPLACE, HC),
                ("Hjemmesykepleien Arna", HC),
                (GROUP_LEADER_WORKPLACE, NH),
                ("Midtbygda sykehjem", NH),
                ("Ytre Arna sykehjem", NH),
                ("Hjemmesykepleien Sandviken", HC),
            ),
        ),
        GroupSpec(
            "Bergen sør og vest",
            ("4601",),
            26,
            _places(
                "Bergen kommune",
                "4601",
                ("Fyllingsdalen sykehjem", NH),
                ("Nesttun sykehjem", NH),
                ("Loddefjord sykehjem", NH),
                ("Hjemmesykepleien Fana", HC),
                ("Hjemmesykepleien Laksevåg", HC),
                ("Hjemmesykepleien Ytrebygda", HC),
            ),
        ),
        GroupSpec(
            "Nordhordland",
            ("4631", "4632", "4633", "4634", "4629", "4630"),
            18,
            _places("Alver kommune", "4631", ("Knarvik sjukeheim", NH), ("Manger sjukeheim", NH))
            + _places("Alver kommune", "4631", ("Heimesjukepleia i Alver", HC))
            + _places("Austrheim kommune", "4632", ("Austrheim sjukeheim", NH))
            + _places("Masfjorden kommune", "4634", ("Masfjorden sjukeheim", NH))
            + _places("Osterøy kommune", "4630", ("Osterøy sjukeheim", NH), ("Heimesjukepleia på Osterøy", HC)),
        ),
        GroupSpec(
            "Voss og omland",
            ("4621", "4628"),
            14,
            _places("Voss herad", "4621", ("Voss omsorgssenter", NH), ("Heimesjukepleia på Voss", HC))
            + _places(HELSE_BERGEN, "4621", ("Medisinsk avdeling, Voss sjukehus", HW))
            + _places("Vaksdal kommune", "4628", ("Vaksdal sjukeheim", NH), ("Dale omsorgssenter", NH)),
        ),
        GroupSpec(
            "Bjørnafjorden og Austevoll",
            ("4624", "4625", "4623"),
            16,
            _places(
                "Bjørnafjorden kommune",
                "4624",
                ("Os sjukeheim", NH),
                ("Eikelandsosen sjukeheim", NH),
                ("Heimesjukepleia i Bjørnafjorden", HC),
            )
            + _places("Austevoll kommune", "4625", ("Austevoll sjukeheim", NH), ("Heimesjukepleia i Austevoll", HC))
            + _places("Samnanger kommune", "4623", ("Samnanger sjukeheim", NH)),
        ),
        GroupSpec(
            "Askøy og Øygarden",
            ("4627", "4626"),
            18,
            _places(
                "Askøy kommune",
                "4627",
                ("Kleppestø sykehjem", NH),
                ("Ravnanger sykehjem", NH),
                ("Hjemmesykepleien Askøy", HC),
            )
            + _places(
                "Øygarden kommune",
                "4626",
                ("Straume helse- og omsorgssenter", NH),
                ("Brattholmen sjukeheim", NH),
                ("Heimesjukepleia i Øygarden", HC),
                ("Kreftkoordinator i Øygarden", CC),
            ),
        ),
        GroupSpec(
            "Haukeland universitetssjukehus",
            ("4601",),
            28,
            _places(
                HELSE_BERGEN,
                "4601",
                ("Kreftavdelingen, Haukeland", HW),
                ("Kreftpoliklinikken, Haukeland", OP),
                ("Lungeavdelingen, Haukeland", HW),
                ("Medisinsk avdeling, Haukeland", HW),
                ("Kirurgisk klinikk, Haukeland", HW),
                ("Nevrologisk avdeling, Haukeland", HW),
                ("Kvinneklinikken, Haukeland", HW),
            )
            + _places(
                HARALDSPLASS,
                "4601",
                ("Medisinsk avdeling, Haraldsplass", HW),
                ("Lindrende enhet, Haraldsplass", HW),
                ("Kirurgisk avdeling, Haraldsplass", HW),
            ),
        ),
    ),
)

PHYSIO = NetworkSpec(
    name="Fysio- og ergoterapinettverket i Helse Bergen",
    short_name="Fysio- og ergonettverket",
    secretariat_email="fysio.ergo.nettverk@helse-bergen.example",
    member_title="ressursperson",
    member_title_plural="ressurspersoner",
    professions=((Profession.PHYSIOTHERAPIST, 55), (Profession.OCCUPATIONAL_THERAPIST, 45)),
    venue=KLB_VENUE,
    secretariat=(
        _as_staff(SECRETARIAT, since_years=3),
        Staff("Kristin", "Vik", "kristin.vik@helse-bergen.example", Profession.PHYSIOTHERAPIST, 4),
    ),
    committees=(
        CommitteeSpec(
            "Driftsgruppen",
            Committee.Kind.OPERATIONS,
            leader=Staff("Kristin", "Vik", "kristin.vik@helse-bergen.example", Profession.PHYSIOTHERAPIST, 4),
            group_leaders_sit=True,
            meets=True,
        ),
    ),
    groups=(
        GroupSpec(
            "Bergen",
            ("4601",),
            16,
            _places(
                "Bergen kommune",
                "4601",
                ("Fysio- og ergoterapitjenesten Bergenhus og Årstad", RE),
                ("Fysio- og ergoterapitjenesten Åsane og Arna", RE),
                ("Fysio- og ergoterapitjenesten Fana og Ytrebygda", RE),
                ("Fysio- og ergoterapitjenesten Laksevåg og Fyllingsdalen", RE),
                ("Hverdagsrehabilitering Bergen", HC),
            ),
        ),
        GroupSpec(
            "Nordhordland og vest",
            ("4627", "4626", "4631", "4630"),
            14,
            _places("Askøy kommune", "4627", ("Fysio- og ergoterapitjenesten Askøy", RE))
            + _places("Øygarden kommune", "4626", ("Fysio- og ergoterapitenesta i Øygarden", RE))
            + _places("Alver kommune", "4631", ("Fysio- og ergoterapitenesta i Alver", RE))
            + _places("Osterøy kommune", "4630", ("Rehabiliteringstenesta på Osterøy", RE)),
        ),
        GroupSpec(
            "Sør og aust",
            ("4624", "4625", "4621"),
            12,
            _places("Bjørnafjorden kommune", "4624", ("Fysio- og ergoterapitenesta i Bjørnafjorden", RE))
            + _places("Voss herad", "4621", ("Fysio- og ergoterapitenesta på Voss", RE))
            + _places("Austevoll kommune", "4625", ("Fysioterapitenesta i Austevoll", RE)),
        ),
        GroupSpec(
            "Haukeland og Haraldsplass",
            ("4601",),
            14,
            _places(
                HELSE_BERGEN,
                "4601",
                ("Fysioterapiavdelingen, Haukeland", HW),
                ("Ergoterapiseksjonen, Haukeland", HW),
                ("Avdeling for fysikalsk medisin og rehabilitering, Haukeland", RE),
            )
            + _places(HARALDSPLASS, "4601", ("Fysio- og ergoterapiseksjonen, Haraldsplass", HW)),
        ),
    ),
)

AHUS_NETWORK = NetworkSpec(
    name="Kompetansenettverk i palliasjon, Ahus",
    short_name="Ahus-nettverket",
    secretariat_email="kompetansenettverk.palliasjon@ahus.example",
    member_title="ressurssykepleier",
    member_title_plural="ressurssykepleiere",
    professions=((Profession.NURSE, 90), (Profession.SOCIAL_EDUCATOR, 5), (Profession.AUXILIARY_NURSE, 5)),
    venue=AHUS_VENUE,
    policy={"min_gathering_hours_per_year": 12, "committee_meetings_per_year": 4, "intro_course_waiting_threshold": 10},
    secretariat=(
        _as_staff(AHUS_SECRETARIAT, since_years=7),
        Staff("Camilla", "Lunde", "camilla.lunde@ahus.example", since_years=2),
    ),
    committees=(
        CommitteeSpec(
            "Arbeidsgruppen",
            Committee.Kind.WORKING,
            leader=_as_staff(AHUS_SECRETARIAT, since_years=7),
            members=(_as_staff(COMMITTEE_MEMBER, since_years=2),),
            group_leaders_sit=True,  # the områdeledere (seed 003)
            meets=True,
        ),
    ),
    groups=(
        GroupSpec(
            "Øvre Romerike",
            ("3209", "3238", "3240", "3242", "3228", "3230"),
            24,
            _places("Ullensaker kommune", "3209", ("Jessheim sykehjem", NH), ("Hjemmetjenesten Ullensaker", HC))
            + _places("Nannestad kommune", "3238", ("Nannestad sykehjem", NH))
            + _places("Eidsvoll kommune", "3240", ("Eidsvoll sykehjem", NH), ("Hjemmetjenesten Eidsvoll", HC))
            + _places("Nes kommune", "3228", ("Årnes sykehjem", NH))
            + _places("Gjerdrum kommune", "3230", ("Gjerdrum sykehjem", NH))
            + _places("Hurdal kommune", "3242", ("Hurdal sykehjem", NH)),
        ),
        GroupSpec(
            "Nedre Romerike",
            ("3205", "3222", "3224", "3232", "3226"),
            28,
            _places(
                "Lillestrøm kommune",
                "3205",
                ("Skedsmo sykehjem", NH),
                ("Fet sykehjem", NH),
                ("Hjemmetjenesten Lillestrøm", HC),
                ("Kreftkoordinator i Lillestrøm", CC),
            )
            + _places("Lørenskog kommune", "3222", ("Lørenskog sykehjem", NH), ("Hjemmetjenesten Lørenskog", HC))
            + _places("Rælingen kommune", "3224", ("Rælingen sykehjem", NH))
            + _places("Nittedal kommune", "3232", ("Nittedal sykehjem", NH))
            + _places("Aurskog-Høland kommune", "3226", ("Bjørkelangen sykehjem", NH)),
        ),
        GroupSpec(
            "Kongsvinger",
            ("3401", "3415", "3414", "3416", "3417", "3418"),
            18,
            _places("Kongsvinger kommune", "3401", ("Vennersberg sykehjem", NH), ("Hjemmetjenesten Kongsvinger", HC))
            + _places("Sør-Odal kommune", "3415", ("Skarnes sykehjem", NH))
            + _places("Nord-Odal kommune", "3414", ("Nord-Odal sykehjem", NH))
            + _places("Eidskog kommune", "3416", ("Eidskog sykehjem", NH))
            + _places("Grue kommune", "3417", ("Kirkenær sykehjem", NH))
            + _places("Åsnes kommune", "3418", ("Flisa sykehjem", NH)),
        ),
        GroupSpec(
            "Follo",
            ("3207", "3218", "3214", "3216", "3220", "3212"),
            24,
            _places(
                "Nordre Follo kommune",
                "3207",
                ("Kolbotn sykehjem", NH),
                ("Ski sykehjem", NH),
                ("Hjemmetjenesten Nordre Follo", HC),
            )
            + _places("Ås kommune", "3218", ("Moer sykehjem", NH))
            + _places("Frogn kommune", "3214", ("Frogn sykehjem", NH))
            + _places("Vestby kommune", "3216", ("Vestby sykehjem", NH))
            + _places("Enebakk kommune", "3220", ("Enebakk sykehjem", NH))
            + _places("Nesodden kommune", "3212", ("Nesodden sykehjem", NH)),
        ),
        GroupSpec(
            "Bydelene i Ahus' opptaksområde",
            ("0301",),
            16,
            _places("Bydel Alna", "0301", ("Hjemmetjenesten Bydel Alna", HC))
            + _places("Bydel Grorud", "0301", ("Hjemmetjenesten Bydel Grorud", HC))
            + _places("Bydel Stovner", "0301", ("Hjemmetjenesten Bydel Stovner", HC), ("Kreftkoordinator Stovner", CC))
            + _places("Sykehjemsetaten, Oslo kommune", "0301", ("Furuset sykehjem", NH), ("Romsås sykehjem", NH)),
        ),
        GroupSpec(
            "Ahus",
            ("3222", "3401"),
            26,
            (
                AHUS_VENUE,
                *_places(
                    AHUS,
                    "3222",
                    ("Lungeavdelingen, Ahus", HW),
                    ("Kreftavdelingen, Ahus", HW),
                    ("Kreftpoliklinikken, Ahus", OP),
                    ("Gastromedisinsk avdeling, Ahus", HW),
                    ("Geriatrisk avdeling, Ahus", HW),
                    ("Kirurgisk avdeling, Ahus", HW),
                ),
                *_places(AHUS, "3401", ("Medisinsk avdeling, Ahus Kongsvinger", HW)),
            ),
        ),
    ),
)

NETWORKS = (KLB, PHYSIO, AHUS_NETWORK)

# People who moved from the Ahus area to Bergen: an ended membership in Follo before
# their current one in the KLB network.
MOVERS = 2
MOVERS_FROM_GROUP = "Follo"

# What waits on the secretariats besides: at Ahus the leader of this group has missed every
# meeting since last year, so the follow-up is the secretariat's (the one absent leads the
# group), and its latest minutes wait for review.
LEADER_AWAY_GROUP = "Nedre Romerike"
# Hosts who have sent the invitation to their group's next meeting to the secretariat, which
# has not sent it out yet: this many groups in each network, those meeting soonest.
INVITATIONS_SENT_IN = {KLB.short_name: 1, AHUS_NETWORK.short_name: 2}
INVITATION_TEXT = (
    "Velkommen til nettverksmøte! Vi serverer lunsj. Parkering ved hovedinngangen; "
    "meld fra til arrangøren om allergier."
)

# The competence plan's topics (seed 004: "jfr. Kompetanseplanen for nettverket").
COMPETENCE_TOPICS = (
    ("Smertelindring", "Kartlegging og behandling av smerte, også hos pasienter med kognitiv svikt."),
    ("Symptomlindring i livets sluttfase", "Tiltaksplan for døende, ESAS-r og lindrende medikamenter."),
    ("Samtaler om livets slutt", "Forhåndssamtaler med pasient og pårørende."),
    ("Ernæring ved alvorlig sykdom", ""),
)
# The text of the demo work plans (seeds 003, 004).
WORK_PLAN_TEXT = {
    "goals": "Bli en trygg ressurs for kollegene i symptomlindring og samtaler om livets slutt.",
    "activities": "Delta på alle nettverksmøtene og fagdagen. Holde internundervisning om ESAS-r to "
    "ganger i året. Veilede nye kolleger i tiltaksplan for døende.",
    "workplace_needs": "Flere pasienter med lindrende behov hjemme; kollegene ønsker opplæring i smertepumpe.",
    "support": "Fri til samlingene, og en time i måneden til veiledning.",
}


# The Ahus annual report's narrative, as its secretariat writes it (the structure KLB Helse
# Sør-Øst recommends); the history has two versions.
ANNUAL_REPORT_TEXTS = {
    "historikk": (
        "Nettverket ble startet i 2012 som et samarbeid mellom Ahus og kommunene i opptaksområdet.",
        "Kompetansenettverket i palliasjon ble startet i 2012 som et samarbeid mellom Akershus "
        "universitetssykehus og kommunene og bydelene i sykehusets opptaksområde. Det er forankret i "
        "samarbeidsavtalen mellom helseforetaket og kommunene.\n\nFormålet er å styrke kompetansen i "
        "lindrende behandling og omsorg der pasientene er: på sykehuset, på sykehjemmet og hjemme.",
    ),
    "handlingsplan": (
        "Handlingsplanen hadde tre mål for året: alle lokale nettverk holder de faste møtene, nye "
        "ressurssykepleiere får introduksjonskurs, og tiltaksplan for døende tas i bruk i flere kommuner. "
        "De fleste lokale nettverkene nådde møtekravet. Introduksjonskurset ble holdt, men flere nye "
        "venter på neste kurs.",
    ),
    "rapportering": (
        "Medlemmene sier at nettverksmøtene er viktige for å holde seg faglig oppdatert, og ønsker mer "
        "tid til erfaringsdeling og flere kurs i samtaler om livets slutt.",
    ),
    "neste_ar": (
        "Neste år prioriterer nettverket samtaler om livets slutt og ernæring ved alvorlig sykdom, "
        "og å holde introduksjonskurs to ganger i året.",
    ),
    "samarbeid": (
        "Nettverket samarbeider med Kompetansesenter i lindrende behandling Helse Sør-Øst, "
        "Utviklingssenter for sykehjem og hjemmetjenester og de andre palliative nettverkene i regionen.",
    ),
}
ANNUAL_REPORT_RECIPIENTS = (
    ("Samarbeidsutvalget Ahus og kommunene", "samarbeidsutvalget@ahus.example", "Samarbeidsutvalget"),
    ("Kari Nordby", "kari.nordby@lorenskog.example", "Enhetsleder, hjemmetjenesten i Lørenskog"),
)


# --- Names -------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WOMEN = _words(
    "Anne Kari Ingrid Marit Silje Ida Hanne Camilla Line Kristin Hege Tone Randi Solveig Nina Marte "
    "Ingvild Eli Astrid Guro Synnøve Ragnhild Sigrid Tonje Lene Mona Heidi Linda Elin Trine Anette "
    "Maria Nora Emma Sara Julie Thea Berit Gunn Bente Torill Siri Kjersti Åse Vigdis Grethe Hanna "
    "Malin Stine Karoline Helene Therese Cecilie Eirin Oda Mari Wenche Agnieszka Fatima Maryam Joanna Anh"
)
MEN = _words(
    "Ole Lars Jon Per Espen Morten Thomas Kristian Anders Eirik Magnus Sindre Henrik Tor Geir "
    "Arne Stian Øyvind Håkon Bjørn Sondre Even Vegard Martin Ahmed Tomasz"
)
FAMILY_NAMES = _words(
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen "
    "Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen "
    "Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Svendsen Eide Knutsen Martinsen "
    "Paulsen Bakken Kristoffersen Mathisen Amundsen Nguyen Rasmussen Ali Solheim Berge Moe Nygård "
    "Bakke Kristensen Fredriksen Lien Hauge Christensen Andresen Nielsen Evensen Sæther Aas Myhre "
    "Hanssen Ahmed Thomassen Sivertsen Simonsen Danielsen Berntsen Sandvik Rønning Arnesen Næss "
    "Haug Ellingsen Thorsen Birkeland Isaksen Ruud Aasen Strøm Tangen Ødegård Fosse Helland Kvamme "
    "Hatlestad Søvik Hjelle Rong Nowak Tran Hussain Lotsberg Vikøren Espeland Tufte"
)
WOMEN_SHARE = {
    Profession.NURSE: 0.88,
    Profession.PHYSIOTHERAPIST: 0.6,
    Profession.OCCUPATIONAL_THERAPIST: 0.85,
}

FURTHER_EDUCATION = {
    Profession.NURSE: (
        "Videreutdanning i kreftsykepleie",
        "Videreutdanning i palliasjon",
        "Master i palliasjon",
        "Videreutdanning i geriatri",
        "Videreutdanning i aldring og eldreomsorg",
        "Master i avansert klinisk allmennsykepleie",
        "Videreutdanning i lindrende behandling og omsorg",
    ),
    Profession.SOCIAL_EDUCATOR: ("Videreutdanning i aldring og eldreomsorg", "Videreutdanning i palliasjon"),
    Profession.AUXILIARY_NURSE: ("Fagskole i kreftomsorg og lindrende pleie", "Fagskole i eldreomsorg"),
    Profession.PHYSIOTHERAPIST: (
        "Master i klinisk fysioterapi",
        "Videreutdanning i palliasjon",
        "Videreutdanning i lymfødembehandling",
        "Master i helsefag",
    ),
    Profession.OCCUPATIONAL_THERAPIST: (
        "Videreutdanning i palliasjon",
        "Master i ergoterapi",
        "Videreutdanning i rehabilitering",
        "Videreutdanning i hjelpemiddelformidling",
    ),
}

MEETING_ROOMS = ("møterom i 1. etasje", "auditoriet", "kantina", "undervisningsrommet", "møterom i 2. etasje")
# Months with network meetings: not January, not the summer holiday, not late December.
MEETING_MONTHS = (2, 3, 4, 5, 6, 8, 9, 10, 11)


def _slug(name: str) -> str:
    """An e-mail local part from a name: 'Åse Sæther' -> 'ase.saether'."""
    name = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(part for part in name.replace("-", " ").split() if part)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=OSLO)


# --- Building ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    networks: int
    groups: int
    workplaces: int
    people: int
    memberships: int
    current_memberships: int
    meetings: int
    seconds: float


@dataclass
class _Group:
    """A local group being built: its row, spec and memberships."""

    row: LocalGroup
    spec: GroupSpec
    memberships: list[Membership] = field(default_factory=list)


class _Builder:
    def __init__(self, today: dt.date, now: dt.datetime):
        self.today, self.now = today, now
        # Two streams: names do not depend on dates, so the same people come back every day.
        self.names = random.Random(SEED)
        self.rng = random.Random(SEED + 1)
        self.holidays = holidays.country_holidays("NO", years=range(today.year - 1, today.year + 3))
        self.people: dict[str, Person] = {}  # by e-mail
        self.full_names = {u.full_name for u in DEMO_USERS} | {f"{s.given_name} {s.family_name}" for s in _all_staff()}
        self.serial = 0
        self.users: dict[str, User] = {}
        self.workplaces: dict[tuple[str, str], Workplace] = {}
        self.leaders: dict[tuple[str, str], Person] = {}
        self.groups: dict[tuple[str, str], _Group] = {}
        self.memberships: list[Membership] = []
        self.on_leave: set[int] = set()  # id() of memberships with a current leave
        self.leaves: list[Leave] = []
        self.terms: list[Term] = []
        self.meetings: list[Meeting] = []

    # The order matters only for the random streams: keep it to keep the data.
    def build(self) -> None:
        self._places()
        self._users()
        for spec in NETWORKS:
            self._network(spec)
        self._movers()
        self._save()
        self._onboarding()
        self._competence()
        self._courses()
        self._leader_term_ending()
        self._work_plans()
        self._staff_across_networks()
        self._annual_documents()
        self._annual_news_public()
        self._annual_wheel_steering()
        self._annual_deviations()
        self._annual_report()
        self._annual_questionnaire()

    # -- news to the network and the public page (seed 003)

    def _annual_news_public(self) -> None:
        """At Ahus: news from the working group to the whole network, news to one local network,
        and news marked public, and the network's public page open with every item. In Bergen
        nord, the demo member's group, news from KLB's secretariat. All of it was mailed when
        it was published."""
        ahus = Network.objects.get(short_name=AHUS_NETWORK.short_name)
        klb = Network.objects.get(short_name=KLB.short_name)
        working_group = Committee.objects.get(network=ahus, kind=Committee.Kind.WORKING)
        romerike = self.groups[(AHUS_NETWORK.short_name, "Øvre Romerike")].row
        bergen_nord = self.groups[(KLB.short_name, DEMO_GROUP)].row
        ahus_writer, klb_writer = self.users[AHUS_SECRETARIAT.email], self.users[SECRETARIAT.email]
        for network, writer, committee, groups, public, days_ago, title, body in (
            (
                ahus,
                ahus_writer,
                working_group,
                [],
                False,
                3,
                "Revidert kompetanseplan er vedtatt",
                "Arbeidsgruppen har vedtatt den reviderte kompetanseplanen. Temaene for neste år er "
                "symptomlindring, kommunikasjon med pårørende og forhåndssamtaler.\n\n"
                "Ta planen med til møtet i lokalnettverket ditt.",
            ),
            (
                ahus,
                ahus_writer,
                None,
                [romerike],
                False,
                8,
                "Nytt møtested i Øvre Romerike",
                "Fra neste møte holder vi til på Jessheim sykehjem, møterom 2. Parkering bak bygget.",
            ),
            (
                ahus,
                ahus_writer,
                None,
                [],
                True,
                20,
                "Påmelding til fagdagen er åpen",
                "Årets fagdag handler om lindrende behandling i hjemmet. Meld deg på i Lindra innen fristen.",
            ),
            (
                klb,
                klb_writer,
                None,
                [bergen_nord],
                False,
                5,
                "Hospitering på palliativ enhet i vår",
                "Palliativ enhet tar imot to ressurssykepleiere fra Bergen nord for hospitering i april. "
                "Snakk med lederen din og meld interesse til sekretariatet.",
            ),
        ):
            moment = self.now - dt.timedelta(days=days_ago)
            item = NewsItem.objects.create(
                network=network,
                committee=committee,
                title=title,
                body=body,
                public=public,
                published_at=moment,
                mailed_at=moment,
                written_by=writer,
                updated_at=moment,
            )
            item.local_groups.set(groups)
        PublicPage.objects.create(
            network=ahus,
            slug="ahus-palliasjon",
            published=True,
            introduction=(
                "Kompetansenettverket i palliasjon samler ressurssykepleiere i sykehjem, hjemmetjenester og "
                "på sykehuset i Ahus' opptaksområde. Nettverket har seks lokalnettverk som møtes jevnlig, "
                "og en årlig fagdag."
            ),
            show_committees=True,
            show_documents=True,
            show_reports=True,
            show_fagdag=True,
            show_news=True,
        )

    # -- competence: reporting back and competence activities (seeds 003, 004)

    def _competence(self) -> None:
        """Reports back from gatherings and competence activities. The demo member has reported
        back from her earlier meetings but not from the latest, and has a day of hospitering her
        leader confirmed and a course waiting for the leader; some others in each network have
        confirmed activities and reports back, so that the network's figures have something."""
        Kind = CompetenceActivity.Kind
        present = list(
            Registration.objects.filter(
                attendance=Registration.Attendance.PRESENT, meeting__ends_at__lt=self.now, person__isnull=False
            )
            .select_related("meeting")
            .order_by("-meeting__starts_at", "pk")
        )
        current = [m for m in self.memberships if m.ends_on is None and m.starts_on <= self.today]
        member = next(m for m in current if m.person.email == MEMBER.email)
        by_person = {(m.person_id, m.network_id): m for m in current}
        reports, seen_latest = [], False
        for registration in present:
            membership = by_person.get((registration.person_id, registration.meeting.network_id))
            if membership is None or membership.starts_on > registration.meeting.starts_at.date():
                continue
            if membership is member and not seen_latest:
                seen_latest = True  # her latest gathering: the home page asks about it
                continue
            if membership is not member and self.rng.random() > 0.6:
                continue
            day = registration.meeting.starts_at.astimezone(OSLO).date() + dt.timedelta(days=self.rng.randint(1, 10))
            reports.append(
                ReportBack(
                    membership=membership,
                    meeting=registration.meeting,
                    reported_on=min(day, self.today),
                    to_leader=self.rng.random() < 0.8,
                    to_colleagues=True,
                    how=self.rng.choice(["På personalmøtet", "Internundervisning", "Muntlig til lederen", ""]),
                )
            )
        ReportBack.objects.bulk_create(reports)

        def activity(membership, kind, title, place, days_ago, days, hours, confirmed) -> CompetenceActivity:
            starts_on = self.today - dt.timedelta(days=days_ago)
            leader = membership.nearest_leader if confirmed else None
            return CompetenceActivity(
                membership=membership,
                kind=kind,
                title=title,
                place=place,
                starts_on=starts_on,
                ends_on=starts_on + dt.timedelta(days=days - 1) if days > 1 else None,
                hours=hours,
                recorded_at=self.now - dt.timedelta(days=max(days_ago - days, 1)),
                confirmed_at=self.now - dt.timedelta(days=max(days_ago - days - 3, 0)) if leader else None,
                confirmed_by=leader,
            )

        activities = [
            activity(member, Kind.HOSPITERING, "Hospitering ved palliativ enhet", "Haraldsplass", 40, 2, 15, True),
            activity(member, Kind.COURSE, "Kurs i symptomlindring", "KLB, Bergen", 9, 1, 6, False),
        ]
        offers = [
            (Kind.HOSPITERING, "Hospitering ved palliativt team", "Sykehuset", 2, 15),
            (Kind.COURSE, "Kurs i smertelindring", "Kompetansesenteret", 1, 6),
            (Kind.CONFERENCE, "Nasjonal konferanse i palliasjon", "Trondheim", 2, 14),
            (Kind.FURTHER_EDUCATION, "Videreutdanning i palliativ omsorg", "Høgskulen", 120, 400),
        ]
        others = [m for m in current if m is not member and m.nearest_leader_id and not self._is_demo(m.person)]
        for membership in self.rng.sample(others, min(len(others), 40)):
            kind, title, place, days, hours = self.rng.choice(offers)
            days_ago = self.rng.randint(days + 5, 300)
            activities.append(activity(membership, kind, title, place, days_ago, days, hours, self.rng.random() < 0.8))
        CompetenceActivity.objects.bulk_create(activities)

    # -- places and users

    def _places(self) -> None:
        # A migration loads the reference list, but --reset flushes it with the rest: put it back.
        Municipality.objects.bulk_create(
            (Municipality(number=n, name=name) for n, name in read_municipalities()), ignore_conflicts=True
        )
        municipalities = Municipality.objects.in_bulk(list(MUNICIPALITIES))
        places = {p.key: p for spec in NETWORKS for p in (spec.venue, *(p for g in spec.groups for p in g.places))}
        owners = sorted({owner for owner, _name in places})
        organisations = Organisation.objects.bulk_create(
            Organisation(name=o, kind=ORGANISATION_KINDS.get(o, Organisation.Kind.MUNICIPALITY)) for o in owners
        )
        by_name = {o.name: o for o in organisations}
        rows = Workplace.objects.bulk_create(
            Workplace(
                name=p.name, kind=p.kind, municipality=municipalities[p.municipality], organisation=by_name[p.owner]
            )
            for p in places.values()
        )
        self.workplaces = {(w.organisation.name, w.name): w for w in rows}

    def _users(self) -> None:
        # One hash for all: they share the password, and Argon2 takes a quarter second each.
        password = make_password(PASSWORD)
        users = User.objects.bulk_create(
            User(
                email=u.email,
                password=password,
                is_staff=u is SUPERUSER,
                is_superuser=u is SUPERUSER,
            )
            for u in DEMO_USERS
        )
        self.users = {u.email: u for u in users}
        TOTPDevice.objects.bulk_create(
            TOTPDevice(user=self.users[u.email], name=two_factor.DEMO_DEVICE_NAME, key=TWO_FACTOR_KEY, confirmed=True)
            for u in TWO_FACTOR_USERS
        )

    # -- people

    def _staff(self, staff: Staff) -> Person:
        if staff.email not in self.people:
            self.people[staff.email] = Person(
                given_name=staff.given_name,
                family_name=staff.family_name,
                email=staff.email,
                phone=self._phone(),
                profession=staff.profession,
                user=self.users.get(staff.email),
            )
        return self.people[staff.email]

    def _new_person(self, professions: tuple[tuple[str, int], ...], *, with_education: bool = True) -> Person:
        names = self.names
        profession = names.choices([p for p, _ in professions], weights=[w for _, w in professions])[0]
        given, family = self._new_name(profession)
        self.serial += 1
        email = f"{_slug(given)}.{_slug(family)}.{self.serial}@demo.example"
        educations = FURTHER_EDUCATION.get(profession, ())
        further = names.choice(educations) if with_education and educations and names.random() < 0.4 else ""
        person = Person(
            given_name=given,
            family_name=family,
            email=email,
            phone=self._phone(),
            profession=profession,
            further_education=further,
        )
        self.people[email] = person
        return person

    def _new_name(self, profession: str) -> tuple[str, str]:
        while True:
            women = self.names.random() < WOMEN_SHARE.get(profession, 0.85)
            given = self.names.choice(WOMEN if women else MEN)
            family = self.names.choice(FAMILY_NAMES)
            if f"{given} {family}" not in self.full_names:
                self.full_names.add(f"{given} {family}")
                return given, family

    def _phone(self) -> str:
        n = self.names
        return f"{n.choice('49')}{n.randint(0, 99):02d} {n.randint(0, 99):02d} {n.randint(0, 999):03d}"

    def _demo_person(self, user: DemoUser) -> Person:
        return self._staff(Staff(user.given_name, user.family_name, user.email, user.profession))

    # -- a network

    def _network(self, spec: NetworkSpec) -> None:
        network = Network.objects.create(
            name=spec.name,
            short_name=spec.short_name,
            secretariat_email=spec.secretariat_email,
            member_title=spec.member_title,
            member_title_plural=spec.member_title_plural,
            **spec.policy,
        )
        for staff in spec.secretariat:
            self._term(Term.Kind.SECRETARIAT, network, self._staff(staff), *self._staff_dates(staff))
        committees = [self._committee(network, c) for c in spec.committees]
        seated = next((row for row, c in zip(committees, spec.committees, strict=True) if c.group_leaders_sit), None)
        for group_spec in spec.groups:
            group = self._group(network, spec, group_spec)
            self._leader_terms(network, group, seated)
            self._group_meetings(network, group)
        for row, committee in zip(committees, spec.committees, strict=True):
            if committee.meets:
                self._committee_meetings(network, row, spec.venue)
        operations = next((row for row in committees if row.kind == Committee.Kind.OPERATIONS), None)
        if operations:
            self._fagdag(network, operations, spec.venue)

    def _staff_dates(self, staff: Staff) -> tuple[dt.date, dt.date | None]:
        starts_on = _add_years(self.today, -staff.since_years).replace(day=1)
        ends_on = None if staff.until_years is None else _add_years(self.today, -staff.until_years)
        return starts_on, ends_on

    def _committee(self, network: Network, spec: CommitteeSpec) -> Committee:
        committee = Committee.objects.create(network=network, name=spec.name, kind=spec.kind)
        if spec.leader:
            self._term(
                Term.Kind.COMMITTEE_LEADER,
                network,
                self._staff(spec.leader),
                *self._staff_dates(spec.leader),
                committee,
            )
        for staff in spec.members:
            self._term(Term.Kind.COMMITTEE_MEMBER, network, self._staff(staff), *self._staff_dates(staff), committee)
        return committee

    def _term(
        self,
        kind: str,
        network: Network,
        person: Person,
        starts_on: dt.date,
        ends_on: dt.date | None,
        committee: Committee | None = None,
        group: LocalGroup | None = None,
    ) -> None:
        self.terms.append(
            Term(
                kind=kind,
                network=network,
                person=person,
                starts_on=starts_on,
                ends_on=ends_on,
                committee=committee,
                local_group=group,
            )
        )

    # -- a local group and its members

    def _group(self, network: Network, network_spec: NetworkSpec, spec: GroupSpec) -> _Group:
        row = LocalGroup.objects.create(network=network, name=spec.name)
        row.municipalities.set(spec.municipalities)
        group = _Group(row, spec)
        self.groups[(network.short_name, spec.name)] = group
        for place in spec.places:
            if place.key not in self.leaders:
                self.leaders[place.key] = self._leader_for(place, network_spec)
        start = self.rng.randrange(len(spec.places))
        for i in range(spec.size):
            # Round the workplaces so that every one has a few members.
            place = spec.places[(start + i) % len(spec.places)]
            person = self._new_person(network_spec.professions)
            group.memberships.append(self._membership(network, row, place, person))
        if spec.name == DEMO_GROUP and network_spec is KLB:
            self._demo_members(network, group)
        return group

    def _leader_for(self, place: Place, network_spec: NetworkSpec) -> Person:
        if place.name == DEMO_WORKPLACE:
            return self._demo_person(NEAREST_LEADER)
        return self._new_person(network_spec.professions, with_education=False)

    def _membership(
        self,
        network: Network,
        group: LocalGroup,
        place: Place,
        person: Person,
        starts_on: dt.date | None = None,
        ends_on: dt.date | None = None,
        *,
        demo: bool = False,
    ) -> Membership:
        rng = self.rng
        if starts_on is None:
            starts_on = self.today - dt.timedelta(days=rng.randint(0, 8 * 365))
            age = (self.today - starts_on).days
            if age > 200 and rng.random() < 0.15:
                ends_on = starts_on + dt.timedelta(days=rng.randint(180, age - 1))
        # About one in twenty has no nearest leader registered; never the demo users.
        leader = self.leaders[place.key] if demo or rng.random() >= 0.05 else None
        span = ((ends_on or self.today) - starts_on).days
        membership = Membership(
            person=person,
            network=network,
            local_group=group,
            workplace=self.workplaces[place.key],
            nearest_leader=leader,
            starts_on=starts_on,
            ends_on=ends_on,
            intro_course_completed_on=self._some_day_after(starts_on, span, 30, 300, 0.9 if span > 120 else 0),
            function_description_signed_on=self._some_day_after(starts_on, span, 0, 60, 0.9 if span > 14 else 0),
        )
        if not demo:
            self._leaves(membership, span)
        self.memberships.append(membership)
        return membership

    def _some_day_after(self, start: dt.date, span: int, low: int, high: int, chance: float) -> dt.date | None:
        if self.rng.random() >= chance:
            return None
        return start + dt.timedelta(days=self.rng.randint(low, min(high, span)))

    def _leaves(self, membership: Membership, span: int) -> None:
        rng = self.rng
        if membership.ends_on is None and span > 365 and rng.random() < 0.05:
            self.on_leave.add(id(membership))
            self.leaves.append(
                Leave(
                    membership=membership,
                    starts_on=self.today - dt.timedelta(days=rng.randint(7, 120)),
                    ends_on=self.today + dt.timedelta(days=rng.randint(30, 300)),
                )
            )
        elif span > 400 and rng.random() < 0.06:
            starts_on = membership.starts_on + dt.timedelta(days=rng.randint(60, span - 250))
            self.leaves.append(
                Leave(
                    membership=membership,
                    starts_on=starts_on,
                    ends_on=starts_on + dt.timedelta(days=rng.randint(60, 180)),
                )
            )

    def _demo_members(self, network: Network, group: _Group) -> None:
        places = {p.name: p for p in group.spec.places}
        for user, place, years in (
            (GROUP_LEADER, places[GROUP_LEADER_WORKPLACE], 5),
            (HOST, places[DEMO_WORKPLACE], 3),
            (MEMBER, places[DEMO_WORKPLACE], 2),
        ):
            starts_on = _add_years(self.today, -years)
            group.memberships.append(
                self._membership(network, group.row, place, self._demo_person(user), starts_on, demo=True)
            )

    # -- group leaders: two-year terms in turn among the members (seed 000)

    def _is_demo(self, person: Person) -> bool:
        return person.email in self.users

    def _leader_terms(self, network: Network, group: _Group, seated: Committee | None) -> None:
        years = network.leader_term_years
        latest = self.today - dt.timedelta(days=14)
        if group.spec.name == DEMO_GROUP and network.short_name == KLB.short_name:
            leader = next(m for m in group.memberships if m.person.email == GROUP_LEADER.email)
            starts_on = self.today - dt.timedelta(days=250)
        else:
            candidates = [
                m
                for m in group.memberships
                if m.ends_on is None
                and id(m) not in self.on_leave
                and not self._is_demo(m.person)
                and m.starts_on <= self.today - dt.timedelta(days=90)
            ]
            leader = self.rng.choice(candidates)
            earliest = max(leader.starts_on, _add_years(self.today, -years) + dt.timedelta(days=30))
            starts_on = earliest + dt.timedelta(days=self.rng.randint(0, max(0, (latest - earliest).days)))
        self._leader_term(network, group, leader.person, starts_on, seated)
        # The history: earlier leaders, each a member through the whole term.
        previous = leader.person
        for _ in range(2):
            starts_on = _add_years(starts_on, -years)
            ends_on = _add_years(starts_on, years) - dt.timedelta(days=1)
            candidates = [
                m
                for m in group.memberships
                if m.starts_on <= starts_on
                and (m.ends_on is None or m.ends_on >= ends_on)
                and not self._is_demo(m.person)
                and m.person is not previous
            ]
            if not candidates:
                return
            previous = self.rng.choice(candidates).person
            self._leader_term(network, group, previous, starts_on, seated)

    def _leader_term(
        self, network: Network, group: _Group, person: Person, starts_on: dt.date, seated: Committee | None
    ) -> None:
        ends_on = _add_years(starts_on, network.leader_term_years) - dt.timedelta(days=1)
        self._term(Term.Kind.GROUP_LEADER, network, person, starts_on, ends_on, group=group.row)
        if seated is not None:
            self._term(Term.Kind.COMMITTEE_MEMBER, network, person, starts_on, ends_on, committee=seated)

    # -- meetings: this year's and next year's, hosts in turn

    def _meeting_days(self, year: int, count: int) -> list[dt.date]:
        days = []
        for i in range(count):
            month = MEETING_MONTHS[round((i + 0.5) * len(MEETING_MONTHS) / count - 0.5)]
            day = dt.date(year, month, self.rng.randint(2, 22))
            # Tuesday to Thursday, and never on a public holiday.
            while day.weekday() not in (1, 2, 3) or day in self.holidays:
                day += dt.timedelta(days=1)
            days.append(day)
        return days

    def _group_meetings(self, network: Network, group: _Group) -> None:
        hosts = [
            m
            for m in group.memberships
            if m.ends_on is None and id(m) not in self.on_leave and not self._is_demo(m.person)
        ]
        self.rng.shuffle(hosts)
        count = network.meetings_per_group_per_year
        slots = [
            (year, n, day)
            for year in (self.today.year - 1, self.today.year, self.today.year + 1)
            for n, day in enumerate(self._meeting_days(year, count), start=1)
        ]
        is_demo_group = group.spec.name == DEMO_GROUP and network.short_name == KLB.short_name
        next_meeting = next((i for i, (_y, _n, day) in enumerate(slots) if _at(day, 15) >= self.now), None)
        for i, (year, n, day) in enumerate(slots):
            # In turn among those who were members by then.
            eligible = [m for m in hosts if m.starts_on <= day] or hosts
            host = eligible[i % len(eligible)]
            if is_demo_group and i == next_meeting:
                host = next(m for m in group.memberships if m.person.email == HOST.email)
            workplace = host.workplace
            self.meetings.append(
                Meeting(
                    network=network,
                    local_group=group.row,
                    title=f"Nettverksmøte {n} / {year}",
                    starts_at=_at(day, 9),
                    ends_at=_at(day, 15),
                    place=f"{workplace.name}, {self.rng.choice(MEETING_ROOMS)}, {workplace.municipality.name}",
                    host=host.person,
                    host_workplace=workplace,
                )
            )

    def _committee_meetings(self, network: Network, committee: Committee, venue: Place) -> None:
        workplace = self.workplaces[venue.key]
        for year in (self.today.year, self.today.year + 1):
            for n, day in enumerate(self._meeting_days(year, network.committee_meetings_per_year), start=1):
                self.meetings.append(
                    Meeting(
                        network=network,
                        committee=committee,
                        kind=Meeting.Kind.COMMITTEE,
                        title=f"Møte {n} / {year} i {committee.name}",
                        starts_at=_at(day, 12),
                        ends_at=_at(day, 15),
                        place=f"{workplace.name}, {self.rng.choice(MEETING_ROOMS)}, {workplace.municipality.name}",
                        host_workplace=workplace,
                    )
                )

    def _fagdag(self, network: Network, committee: Committee, venue: Place) -> None:
        """The operations group's yearly fagdag for the whole network (seed 000), next spring."""
        day = dt.date(self.today.year + 1, 4, 20)
        while day.weekday() not in (1, 2, 3) or day in self.holidays:
            day += dt.timedelta(days=1)
        self.meetings.append(
            Meeting(
                network=network,
                committee=committee,
                kind=Meeting.Kind.FAGDAG,
                title=f"Fagdag {day.year}",
                starts_at=_at(day, 9),
                ends_at=_at(day, 15),
                place=self.workplaces[venue.key].name,
            )
        )

    # -- people who moved between networks

    def _movers(self) -> None:
        follo = self.groups[(AHUS_NETWORK.short_name, MOVERS_FROM_GROUP)]
        ahus = follo.row.network
        movers = [
            m
            for m in self.memberships
            if m.network.short_name == KLB.short_name
            and m.ends_on is None
            and not self._is_demo(m.person)
            and 90 <= (self.today - m.starts_on).days <= 4 * 365
        ][:MOVERS]
        for later in movers:
            ends_on = later.starts_on - dt.timedelta(days=self.rng.randint(14, 90))
            starts_on = ends_on - dt.timedelta(days=self.rng.randint(700, 1800))
            place = self.rng.choice(follo.spec.places)
            follo.memberships.append(self._membership(ahus, follo.row, place, later.person, starts_on, ends_on))

    # -- saving

    def _save(self) -> None:
        self._without_email()
        Person.objects.bulk_create(self.people.values())
        Membership.objects.bulk_create(self.memberships)
        Leave.objects.bulk_create(self.leaves)
        Term.objects.bulk_create(self.terms)
        Meeting.objects.bulk_create(self.meetings)
        DeadlineStep.objects.bulk_create(self._deadline_steps())
        self._attendance_minutes_and_follow_ups()
        Invitation.objects.bulk_create(
            Invitation(
                meeting=meeting,
                text=INVITATION_TEXT,
                status=Invitation.Status.SUBMITTED,
                submitted_at=self.now - dt.timedelta(days=2),
            )
            for meeting in self._sent_in
        )
        # The history the registry rebuilds placements from, and what a person page lists.
        record_joined(self.memberships)
        Change.objects.bulk_create([*self._milestones(), *self._leave_changes(), *self._endings()])

    def _staff_across_networks(self) -> None:
        """The demo nearest leader also leads two physiotherapists at the same home care unit,
        members of the physiotherapy network, and has led them from the start: the leader's
        page groups the staff by network and group."""
        leader = self.people[NEAREST_LEADER.email]
        workplace = next(w for (_owner, name), w in self.workplaces.items() if name == DEMO_WORKPLACE)
        chosen = [
            m.pk
            for m in self.memberships
            if m.network.short_name == PHYSIO.short_name
            and m.ends_on is None
            and id(m) not in self.on_leave
            and not self._is_demo(m.person)
        ][:2]
        Membership.objects.filter(pk__in=chosen).update(nearest_leader=leader, workplace=workplace)
        Change.objects.filter(membership__in=chosen, kind=ChangeKind.JOINED).update(
            nearest_leader=leader, workplace=workplace
        )

    def _deadline_steps(self) -> list[DeadlineStep]:
        """Each meeting's own chain; what was due before today is done, but for one late step,
        so the secretariat's overview and the escalations have something to show. The open
        steps are looked at from their first notice on, as if the periodic job had never run:
        its first run catches up the late step's escalations."""
        today = timezone.localdate()
        steps = []
        for meeting in self.meetings:
            starts_on = timezone.localtime(meeting.starts_at).date()
            chain = deadline_chain(
                starts_on, timezone.localtime(meeting.ends_at).date(), meeting.network.policy, kind=meeting.kind
            )
            for step, due_on in chain.items():
                done = (
                    due_on < today or (step == Step.INVITATION_TO_SECRETARIAT and meeting in self._sent_in)
                ) and not (step == Step.MINUTES_TO_SECRETARIAT and meeting is self._late_minutes)
                steps.append(
                    DeadlineStep(
                        meeting=meeting,
                        step=step,
                        due_on=due_on,
                        done_at=timezone.make_aware(dt.datetime.combine(due_on, dt.time(12))) if done else None,
                        next_notice_on=None
                        if done
                        else next_notice_on(meeting.kind, step, due_on, after=None, meeting_starts_on=starts_on),
                    )
                )
        return steps

    def _attendance_minutes_and_follow_ups(self) -> None:
        """What the held group meetings left behind: each member's attendance (mostly present,
        now and then a notice or a no-show), approved minutes, and a follow-up for anyone absent
        more than the policy allows this year. In the demo group one member has missed every
        meeting this year, and its last meeting's minutes wait for the secretariat's review."""
        leaves: dict[int, list[rules.LeavePeriod]] = {}
        for leave in self.leaves:
            leaves.setdefault(id(leave.membership), []).append(rules.LeavePeriod(leave.starts_on, leave.ends_on))
        groups = {g.row.pk: g for g in self.groups.values()}
        held = [m for m in self.meetings if m.kind == Meeting.Kind.GROUP and m.ends_at < self.now]
        demo_group = next(g for g in groups.values() if g.spec.name == DEMO_GROUP)
        truant = next(m for m in demo_group.memberships if m.ends_on is None and not self._is_demo(m.person))
        truant_away = sorted((m for m in held if m.local_group_id == demo_group.row.pk), key=lambda m: m.starts_at)[-3:]
        leader_away = self._leader_away
        registrations, marks = [], {}
        for meeting in held:
            day = meeting.starts_at.astimezone(OSLO).date()
            seen = set()
            sheet = []
            for membership in groups[meeting.local_group_id].memberships:
                current = membership.starts_on <= day and (membership.ends_on is None or day <= membership.ends_on)
                away = any(leave.covers(day) for leave in leaves.get(id(membership), []))
                if not current or away or membership.person.pk in seen:
                    continue
                seen.add(membership.person.pk)
                chance = self.rng.random()
                if (membership is truant and meeting in truant_away) or (
                    membership is leader_away and meeting.local_group_id == leader_away.local_group_id
                ):
                    chance = 1.0
                status = rules.PRESENT if chance < 0.86 else rules.ABSENT_WITH_NOTICE if chance < 0.96 else "absent"
                registrations.append(
                    Registration(
                        meeting=meeting,
                        person=membership.person,
                        answer=Registration.Answer.ABSENT
                        if status != rules.PRESENT
                        else Registration.Answer.REGISTERED,
                        answered_at=meeting.starts_at - dt.timedelta(days=5),
                        read_at=meeting.starts_at - dt.timedelta(days=12),
                        attendance=status,
                    )
                )
                key = (membership.person.pk, meeting.network.pk)
                marks.setdefault(key, (membership, meeting.network, []))[2].append(rules.AttendanceMark(day, status))
                sheet.append(rules.SheetMark(rules.MEMBER_ROW, status))
            meeting.attendance_recorded_at = meeting.ends_at
            meeting.attendance_counts = rules.sheet_counts(sheet)
        Meeting.objects.bulk_update(held, ["attendance_recorded_at", "attendance_counts"])
        Registration.objects.bulk_create(registrations)
        to_review = {
            max((m for m in held if m.local_group_id == group.pk), key=lambda m: m.starts_at, default=None)
            for group in (demo_group.row, leader_away.local_group)
        }
        Minutes.objects.bulk_create(
            Minutes(
                meeting=meeting,
                part1="Runde rundt bordet: erfaringer fra egen arbeidsplass siden sist. Nytt fra driftsgruppen.",
                part2="Arrangøren innledet om temaet, og gruppen drøftet pasienthistorier.",
                agreements="Neste møte som planlagt.",
                status=Minutes.Status.SUBMITTED if meeting in to_review else Minutes.Status.APPROVED,
                submitted_at=meeting.ends_at + dt.timedelta(days=7),
                approved_at=None if meeting in to_review else meeting.ends_at + dt.timedelta(days=12),
            )
            for meeting in held
            if meeting is not self._late_minutes
        )
        due = [
            (membership, network, year, absences)
            for membership, network, year_marks in marks.values()
            for year in sorted({mark.on.year for mark in year_marks})
            if membership.ends_on is None
            and rules.needs_follow_up(
                absences := rules.absences_in_year(year_marks, leaves.get(id(membership), []), year),
                network.policy,
            )
        ]
        # Earlier years' follow-ups are closed, but the away leader's latest: the secretariat has it still.
        away_year = max((year for m, _network, year, _n in due if m is leader_away), default=None)
        follow_ups = []
        for membership, network, year, absences in due:
            is_open = year == self.today.year or (membership is leader_away and year == away_year)
            follow_ups.append(
                FollowUp(
                    network=network,
                    person=membership.person,
                    local_group=membership.local_group,
                    year=year,
                    absences=absences,
                    opened_at=self.now - dt.timedelta(days=3),
                    closed_at=None if is_open else _at(dt.date(year, 12, 15), 12),
                    agreed="" if is_open else "Samtale med gruppelederen. Møter som planlagt neste år.",
                )
            )
        FollowUp.objects.bulk_create(follow_ups)

    @cached_property
    def _leader_away(self) -> Membership:
        group = next(g for g in self.groups.values() if g.spec.name == LEADER_AWAY_GROUP)
        [leader] = [
            t.person
            for t in self.terms
            if t.local_group is group.row
            and t.kind == Term.Kind.GROUP_LEADER
            and t.ends_on >= self.today >= t.starts_on
        ]
        return next(m for m in group.memberships if m.person is leader and m.ends_on is None)

    @cached_property
    def _sent_in(self) -> list[Meeting]:
        """The next meetings of the groups that meet soonest in each network (not the demo group:
        its host sends in the invitation in the demo), their invitations with the secretariat."""
        upcoming = sorted(
            (m for m in self.meetings if m.local_group and m.starts_at > self.now), key=lambda m: m.starts_at
        )
        next_of_group: dict[int, Meeting] = {}
        for meeting in upcoming:
            next_of_group.setdefault(meeting.local_group.pk, meeting)
        sent_in = []
        for network, count in INVITATIONS_SENT_IN.items():
            meetings = [
                m
                for m in next_of_group.values()
                if m.network.short_name == network and m.local_group.name != DEMO_GROUP
            ]
            sent_in += meetings[:count]
        return sent_in

    def _without_email(self) -> None:
        """A member of the group whose invitation waits first at Ahus has no e-mail address in the
        registry: before sending, the secretariat is told to reach her another way."""
        meeting = next(m for m in self._sent_in if m.network.short_name == AHUS_NETWORK.short_name)
        group = self.groups[(AHUS_NETWORK.short_name, meeting.local_group.name)]
        leaders = {t.person.email for t in self.terms}
        member = next(
            m
            for m in group.memberships
            if m.ends_on is None
            and id(m) not in self.on_leave
            and m.nearest_leader is not None
            and m.person is not meeting.host
            and m.person.email not in leaders
        )
        member.person.email = None

    @cached_property
    def _late_minutes(self) -> Meeting | None:
        today = timezone.localdate()
        held = [m for m in self.meetings if m.local_group and m.ends_at.date() < today - dt.timedelta(days=20)]
        return max(held, key=lambda m: m.starts_at, default=None)

    def _milestones(self) -> list[Change]:
        fields = {
            ChangeKind.INTRO_COURSE: "intro_course_completed_on",
            ChangeKind.FUNCTION_DESCRIPTION: "function_description_signed_on",
        }
        return [
            Change(person=m.person, membership=m, kind=kind, effective_on=getattr(m, field))
            for m in self.memberships
            for kind, field in fields.items()
            if getattr(m, field) is not None
        ]

    def _leave_changes(self) -> list[Change]:
        return [
            Change(
                person=leave.membership.person,
                membership=leave.membership,
                kind=ChangeKind.LEAVE,
                effective_on=leave.starts_on,
                details={"ends_on": leave.ends_on.isoformat() if leave.ends_on else None},
            )
            for leave in self.leaves
        ]

    def _endings(self) -> list[Change]:
        return [
            Change(person=m.person, membership=m, kind=ChangeKind.ENDED, effective_on=m.ends_on)
            for m in self.memberships
            if m.ends_on is not None
        ]

    # -- onboarding (seeds 000, 004)

    def _onboarding(self) -> None:
        """Each network's function description, as a small PDF made here; KLB's own welcome
        letter; in the demo group three new members: one welcomed three weeks ago who has
        accepted with her leader, one welcomed last week whose leader has not, and one without
        an e-mail address whose letter waits to be printed. Every other membership begun within
        the month had its letter on its first day. The member demo user has not yet accepted the
        function description, so her home page, and her leader's, ask for it."""
        descriptions = {spec.short_name: self._function_description(spec) for spec in NETWORKS}
        klb = Network.objects.get(short_name=KLB.short_name)
        onboarding.save_template(klb, body=KLB_WELCOME_LETTER, expected_version=0, by=None)
        group = self.groups[(KLB.short_name, DEMO_GROUP)]
        place = next(p for p in group.spec.places if p.name == DEMO_WORKPLACE)
        welcomed = []
        for days_ago, with_email in ((21, True), (6, True), (3, False)):
            given, family = self._new_name(Profession.NURSE)
            email = f"{_slug(given)}.{_slug(family)}.ny@demo.example" if with_email else None
            person = Person.objects.create(
                given_name=given, family_name=family, email=email, phone=self._phone(), profession=Profession.NURSE
            )
            membership = Membership.objects.create(
                person=person,
                network=klb,
                local_group=group.row,
                workplace=self.workplaces[place.key],
                nearest_leader=self.leaders[place.key],
                starts_on=self.today - dt.timedelta(days=days_ago),
            )
            record_joined([membership])
            welcomed.append(membership)
        for membership in welcomed:
            onboarding.write_welcome_letter(membership, _at(membership.starts_on, 8))
        first, second, _without_email = welcomed
        description = descriptions[KLB.short_name]
        member, leader = Acceptance.Party.MEMBER, Acceptance.Party.LEADER
        for membership, parties in ((first, (member, leader)), (second, (member,))):
            for n, party in enumerate(parties):
                Acceptance.objects.create(
                    membership=membership,
                    party=party,
                    person=membership.person if party == member else membership.nearest_leader,
                    function_description=description,
                    accepted_at=_at(membership.starts_on + dt.timedelta(days=2 + 3 * n), 14),
                )
        record_milestone(
            first, kind=ChangeKind.FUNCTION_DESCRIPTION, on=first.starts_on + dt.timedelta(days=5), by=None
        )
        demo_member = Membership.objects.get(person__email=MEMBER.email, network=klb)
        Membership.objects.filter(pk=demo_member.pk).update(function_description_signed_on=None)
        demo_member.changes.filter(kind=ChangeKind.FUNCTION_DESCRIPTION).delete()
        self._letters_already_sent()

    def _function_description(self, spec: "NetworkSpec") -> FunctionDescription:
        title = FUNCTION_DESCRIPTION_TITLE % {"title": spec.member_title_plural}
        sections = format_html_join(
            "",
            "<h2>{}</h2><ul>{}</ul>",
            ((heading, format_html_join("", "<li>{}</li>", ((t,) for t in tasks))) for heading, tasks in TASKS),
        )
        html = format_html(
            '<html lang="nb"><head><meta charset="utf-8"><style>{}</style></head>'
            "<body><p class='network'>{}</p><h1>{}</h1>{}</body></html>",
            mark_safe(FUNCTION_DESCRIPTION_STYLE),  # the demo's own constant, not input
            spec.name,
            title,
            sections,
        )
        return FunctionDescription.objects.create(
            network=Network.objects.get(short_name=spec.short_name),
            title=title,
            pdf=pdf_from_html(html),
            filename="funksjonsbeskrivelse.pdf",
            approved_on=_add_years(self.today, -1).replace(day=1),
        )

    def _letters_already_sent(self) -> None:
        """The letters of the memberships begun within the month, as the job wrote them on
        their first day (nothing more is sent: they are history)."""
        letters = []
        for membership in onboarding.due_memberships(self.today):
            sent_at = _at(membership.starts_on, 8)
            description = onboarding.current_description(membership, membership.starts_on)
            email = membership.person.email or ""
            leader_email = membership.nearest_leader.email if membership.nearest_leader_id else ""
            letters.append(
                WelcomeLetter(
                    membership=membership,
                    text=onboarding.write_text(membership, description, sent_at),
                    made_at=sent_at,
                    sent_at=sent_at if email else None,
                    sent_to=email,
                    copy_to=leader_email or "",
                )
            )
        WelcomeLetter.objects.bulk_create(letters)

    # -- courses and the fagdag (seeds 000, 003, 004)

    def _courses(self) -> None:
        """At Ahus more new members wait for the intro course than the policy allows and none is
        planned: the secretariat's and the working group's home pages say so. In Bergen a course
        was held six weeks ago (the demo member was there and has her certificate) and the next
        is full, with a waiting list. At Ahus the year's fagdag has been held."""
        klb = Network.objects.get(short_name=KLB.short_name)
        ahus = Network.objects.get(short_name=AHUS_NETWORK.short_name)
        operations = Committee.objects.get(network=klb, kind=Committee.Kind.OPERATIONS)
        working = Committee.objects.get(network=ahus, kind=Committee.Kind.WORKING)
        venue = self.workplaces[KLB.venue.key].name
        waiting = self._waiting_for_course(klb, more_than=21)
        member = Membership.objects.get(network=klb, person__email=MEMBER.email)

        held_on = self._weekday(self.today - dt.timedelta(days=42))
        held = self._event(klb, operations, Meeting.Kind.COURSE, "Introduksjonskurs", held_on, venue, capacity=20)
        # Only who had joined by then came, or gave notice; the newest wait for the next course.
        members_then = [m for m in waiting if m.starts_on <= held_on]
        came, away = [member, *members_then[:9]], members_then[9:10]
        Registration.objects.bulk_create(
            [
                Registration(
                    meeting=held,
                    person=m.person,
                    answer=Registration.Answer.REGISTERED,
                    answered_at=held.starts_at - dt.timedelta(days=10),
                    attendance=rules.PRESENT,
                )
                for m in came
            ]
            + [
                Registration(
                    meeting=held,
                    person=m.person,
                    answer=Registration.Answer.ABSENT,
                    answered_at=held.starts_at - dt.timedelta(days=2),
                    attendance=rules.ABSENT_WITH_NOTICE,
                )
                for m in away
            ]
        )
        self._held(held, {"present": len(came), "notice": len(away), "absent": 0, "guests": 0})
        Membership.objects.filter(pk__in=[m.pk for m in came]).update(intro_course_completed_on=held_on)
        Change.objects.filter(membership__in=came, kind=ChangeKind.INTRO_COURSE).delete()
        Change.objects.bulk_create(
            Change(person=m.person, membership=m, kind=ChangeKind.INTRO_COURSE, effective_on=held_on) for m in came
        )

        next_on = self._weekday(self.today + dt.timedelta(days=36))
        planned = self._event(klb, operations, Meeting.Kind.COURSE, "Introduksjonskurs", next_on, venue, capacity=8)
        queue = [m for m in waiting if m not in came and m not in away][:11]
        Registration.objects.bulk_create(
            Registration(
                meeting=planned,
                person=m.person,
                answer=Registration.Answer.REGISTERED,
                answered_at=self.now - dt.timedelta(days=12 - n),
                waitlisted_at=self.now - dt.timedelta(days=12 - n) if n >= planned.capacity else None,
            )
            for n, m in enumerate(queue)
        )

        # Ahus: the newest members have not taken the course, more than the policy's number.
        self._waiting_for_course(ahus, more_than=ahus.intro_course_waiting_threshold + 3)
        fagdag_on = self._weekday(max(self.today - dt.timedelta(days=30), dt.date(self.today.year, 1, 2)))
        fagdag = self._event(
            ahus, working, Meeting.Kind.FAGDAG, f"Fagdag {fagdag_on.year}", fagdag_on, AHUS_NETWORK.venue.name
        )
        present = self._active_members(ahus, fagdag_on)[::2]
        Registration.objects.bulk_create(
            Registration(
                meeting=fagdag,
                person=m.person,
                answer=Registration.Answer.REGISTERED,
                answered_at=fagdag.starts_at - dt.timedelta(days=7),
                attendance=rules.PRESENT,
            )
            for m in present
        )
        self._held(fagdag, {"present": len(present), "notice": 0, "absent": 0, "guests": 0})
        self._ahus_course_in_spring(ahus, working)

    def _ahus_course_in_spring(self, ahus: Network, working: Committee) -> None:
        """Ahus held an intro course in the spring for those who had joined by then and waited;
        those who joined later wait for the next (the home pages still say one is due)."""
        held_on = self._weekday(max(self.today - dt.timedelta(days=240), dt.date(self.today.year, 1, 6)))
        course = self._event(
            ahus, working, Meeting.Kind.COURSE, "Introduksjonskurs", held_on, AHUS_NETWORK.venue.name, capacity=20
        )
        came = [
            m
            for m in self._active_members(ahus, held_on)
            if m.intro_course_completed_on is not None and m.starts_on.year == self.today.year - 1
        ][:12]
        Registration.objects.bulk_create(
            Registration(
                meeting=course,
                person=m.person,
                answer=Registration.Answer.REGISTERED,
                answered_at=course.starts_at - dt.timedelta(days=10),
                attendance=rules.PRESENT,
            )
            for m in came
        )
        self._held(course, {"present": len(came), "notice": 0, "absent": 0, "guests": 0})
        Membership.objects.filter(pk__in=[m.pk for m in came]).update(intro_course_completed_on=held_on)
        Change.objects.filter(membership__in=came, kind=ChangeKind.INTRO_COURSE).update(effective_on=held_on)

    def _weekday(self, day: dt.date) -> dt.date:
        while day.weekday() not in (1, 2, 3) or day in self.holidays:
            day += dt.timedelta(days=1)
        return day

    def _event(
        self,
        network: Network,
        committee: Committee,
        kind: str,
        title: str,
        day: dt.date,
        place: str,
        capacity: int | None = None,
    ) -> Meeting:
        meeting = Meeting.objects.create(
            network=network,
            committee=committee,
            kind=kind,
            title=title,
            starts_at=_at(day, 9),
            ends_at=_at(day, 15),
            place=place,
            capacity=capacity,
            programme="09:00 Velkommen\n09:15 Nettverket og funksjonen som ressursperson\n11:30 Lunsj\n"
            "12:15 Lindrende behandling i praksis\n14:30 Oppsummering",
        )
        # Its chain, with what was due before today done on its day, as for the other meetings.
        create_steps(meeting)
        steps = list(DeadlineStep.objects.filter(meeting=meeting, due_on__lt=self.today))
        for step in steps:
            step.done_at, step.next_notice_on = _at(step.due_on, 12), None
        DeadlineStep.objects.bulk_update(steps, ["done_at", "next_notice_on"])
        return meeting

    def _held(self, meeting: Meeting, counts: dict[str, int]) -> None:
        """Its attendance saved when it ended."""
        Meeting.objects.filter(pk=meeting.pk).update(attendance_recorded_at=meeting.ends_at, attendance_counts=counts)

    def _active_members(self, network: Network, on: dt.date) -> list[Membership]:
        """The network's members on the day, not on leave and not demo users, newest first."""
        return list(
            Membership.objects.current(on)
            .filter(network=network)
            .exclude(leaves__in=Leave.objects.current(on))
            .exclude(person__email__in=list(self.users))
            .select_related("person")
            .order_by("-starts_on", "pk")
        )

    def _waiting_for_course(self, network: Network, *, more_than: int) -> list[Membership]:
        """The active members without the intro course, newest first: the newest of those who
        have it are made to wait instead, until more than `more_than` do."""
        active = self._active_members(network, self.today)
        without = [m for m in active if m.intro_course_completed_on is None]
        if len(without) <= more_than:
            newest = [m for m in active if m.intro_course_completed_on is not None][: more_than + 1 - len(without)]
            Membership.objects.filter(pk__in=[m.pk for m in newest]).update(intro_course_completed_on=None)
            Change.objects.filter(membership__in=newest, kind=ChangeKind.INTRO_COURSE).delete()
            without = sorted([*without, *newest], key=lambda m: (-m.starts_on.toordinal(), m.pk))
        return without

    # -- terms: a leader's term ending soon, and the seats that follow the terms (seed 000)

    def _leader_term_ending(self) -> None:
        """The demo group leader's term ends within the notice period, so the group, its leader
        and the secretariat are told that a new leader must be chosen; the group's earlier
        leaders move back with it. Each group leader's seat in the operations group (at Ahus,
        the working group) follows the leader's term."""
        group = self.groups[(KLB.short_name, DEMO_GROUP)].row
        leading = [t for t in self.terms if t.kind == Term.Kind.GROUP_LEADER]
        seats = {
            (t.person.pk, t.network.pk, t.starts_on): t for t in self.terms if t.kind == Term.Kind.COMMITTEE_MEMBER
        }
        seat_of: dict[int, list[Term]] = {}  # by id() of the leader's term
        for term in leading:
            seat = seats.get((term.person.pk, term.network.pk, term.starts_on))
            if seat is not None:
                seat.seat_of = term
                seat_of[id(term)] = [seat]
        moved = [seat for found in seat_of.values() for seat in found]
        network = group.network
        years = network.leader_term_years
        # The latest term first, each earlier one ending the day before the next began.
        starts_on = _add_years(self.today + dt.timedelta(days=network.leader_term_notice_days // 2 + 1), -years)
        ends_on = _add_years(starts_on, years) - dt.timedelta(days=1)
        for term in sorted((t for t in leading if t.local_group is group), key=lambda t: t.starts_on, reverse=True):
            for row in (term, *seat_of.get(id(term), [])):
                row.starts_on, row.ends_on = starts_on, ends_on
            moved.append(term)
            ends_on = starts_on - dt.timedelta(days=1)
            starts_on = _add_years(starts_on, -years)
        Term.objects.bulk_update(moved, ["starts_on", "ends_on", "seat_of"])

    # -- work plans and yearly meetings (seeds 003, 004)

    def _work_plans(self) -> None:
        """The demo leader's staff have this year's plans in each state: the demo member a draft
        to send (and last year's agreed, its yearly meeting held and evaluated), the host's
        waiting on the leader, one sent back with a note, one agreed with its yearly meeting
        booked. The competence plan has topics to plan by. Reminders the periodic job would
        have sent before today are recorded as sent, but the demo member's: its first run
        sends hers."""
        klb = next(m.network for m in self.memberships if m.network.short_name == KLB.short_name)
        for title, description in COMPETENCE_TOPICS:
            CompetenceTopic.objects.get_or_create(network=klb, title=title, defaults={"description": description})
        leader = self.people[NEAREST_LEADER.email]
        staff = [
            m
            for m in self.memberships
            if m.nearest_leader is leader and m.ends_on is None and id(m) not in self.on_leave
        ]
        member = next(m for m in staff if m.person.email == MEMBER.email)
        host = next(m for m in staff if m.person.email == HOST.email)
        others = sorted((m for m in staff if not self._is_demo(m.person)), key=lambda m: m.person.full_name)
        year, now = self.today.year, self.now
        plans = [
            WorkPlan(membership=member, year=year, **WORK_PLAN_TEXT, status=WorkPlan.Status.DRAFT),
            WorkPlan(
                membership=member,
                year=year - 1,
                **WORK_PLAN_TEXT,
                status=WorkPlan.Status.AGREED,
                submitted_at=_at(dt.date(year - 1, 2, 20), 14),
                agreed_at=_at(dt.date(year - 1, 2, 24), 9),
                agreed_by=leader,
            ),
            WorkPlan(
                membership=host,
                year=year,
                **WORK_PLAN_TEXT,
                status=WorkPlan.Status.SUBMITTED,
                submitted_at=now - dt.timedelta(days=3),
            ),
        ]
        meetings = [
            YearlyMeeting(
                membership=member,
                year=year - 1,
                starts_at=_at(dt.date(year - 1, 11, 12), 10),
                ends_at=_at(dt.date(year - 1, 11, 12), 11),
                place=f"{DEMO_WORKPLACE}, lederens kontor",
                evaluation="Ingrid har deltatt på alle nettverksmøtene og veiledet tre nye kolleger i "
                "symptomkartlegging. Neste år: hospitering på palliativ enhet.",
                evaluated_at=_at(dt.date(year - 1, 11, 12), 12),
            )
        ]
        if others:
            plans.append(
                WorkPlan(
                    membership=others[0],
                    year=year,
                    **WORK_PLAN_TEXT,
                    status=WorkPlan.Status.CHANGES_REQUESTED,
                    submitted_at=now - dt.timedelta(days=20),
                    changes_requested_at=now - dt.timedelta(days=18),
                    leader_note="Ta med hvordan du vil dele det du lærer med kollegene på avdelingen.",
                )
            )
        if len(others) > 1:
            plans.append(
                WorkPlan(
                    membership=others[1],
                    year=year,
                    **WORK_PLAN_TEXT,
                    status=WorkPlan.Status.AGREED,
                    submitted_at=now - dt.timedelta(days=60),
                    agreed_at=now - dt.timedelta(days=58),
                    agreed_by=leader,
                )
            )
            day = min(self.today + dt.timedelta(days=7), dt.date(year, 12, 31))
            meetings.append(
                YearlyMeeting(
                    membership=others[1],
                    year=year,
                    starts_at=_at(day, 13),
                    ends_at=_at(day, 14),
                    place=f"{DEMO_WORKPLACE}, lederens kontor",
                )
            )
        WorkPlan.objects.bulk_create(plans)
        YearlyMeeting.objects.bulk_create(meetings)
        self._reminders_sent_before(plans, meetings, member)

    def _reminders_sent_before(self, plans: list[WorkPlan], meetings: list[YearlyMeeting], left: Membership) -> None:
        year = self.today.year
        status = {id(p.membership): p.status for p in plans if p.year == year}
        evaluated = {id(m.membership) for m in meetings if m.year == year and m.evaluated_at}
        leaves: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
        for leave in self.leaves:
            leaves.setdefault(id(leave.membership), []).append((leave.starts_on, leave.ends_on))
        reminders = []
        for membership in self.memberships:
            if membership is left:
                continue
            policy = membership.network.policy
            facts = development_rules.PlanFacts(
                membership_id=membership.pk,
                starts_on=membership.starts_on,
                ends_on=membership.ends_on,
                leaves=tuple(leaves.get(id(membership), ())),
                plan_status=status.get(id(membership)),
                evaluated=id(membership) in evaluated,
                has_leader=membership.nearest_leader is not None,
            )
            owed = development_rules.missing_on([facts], self.today, policy.work_plan_due, policy.evaluation_due)
            for missing in owed:
                due = policy.work_plan_due if missing.about == "plan" else policy.evaluation_due
                sent_at = _at(development_rules.due_date(year, due) + dt.timedelta(days=1), 8)
                for party in missing.parties:
                    person = membership.person if party == "member" else membership.nearest_leader
                    reminders.append(
                        WorkPlanReminder(
                            membership=membership,
                            year=year,
                            about=missing.about,
                            party=party,
                            sent_at=sent_at,
                            sent_to=person.email or "",
                        )
                    )
        WorkPlanReminder.objects.bulk_create(reminders)

    # -- the annual cycle: plans and documents (seed 003)

    def _annual_documents(self) -> None:
        """At Ahus the network's documents: the competence plan written in Lindra, whose topics
        the held group meetings link to; the strategy and action plan, past its revision date
        (the working group's home page says so, and the periodic job's first run reminds them);
        the network agreement uploaded as a PDF; this year's year plan. The competence plan,
        the agreement and the year plan are marked public."""
        ahus = Network.objects.get(short_name=AHUS_NETWORK.short_name)
        by = self.users[AHUS_SECRETARIAT.email]
        topics = [
            CompetenceTopic.objects.get_or_create(network=ahus, title=title, defaults={"description": description})[0]
            for title, description in COMPETENCE_TOPICS
        ]
        held = Meeting.objects.filter(network=ahus, kind=Meeting.Kind.GROUP, attendance_recorded_at__isnull=False)
        links = Meeting.topics.through
        links.objects.bulk_create(
            links(meeting_id=pk, competencetopic_id=topics[n % len(topics)].pk)
            for n, pk in enumerate(held.order_by("starts_at", "pk").values_list("pk", flat=True))
        )
        year, today = self.today.year, self.today

        def made(kind, title, versions, *, public, doc_year=None) -> None:
            document = Document.objects.create(network=ahus, kind=kind, title=title, year=doc_year, public=public)
            DocumentVersion.objects.bulk_create(
                DocumentVersion(document=document, number=n, made_by=by, **{"approved_by_text": "Styringsgruppen", **v})
                for n, v in enumerate(versions, start=1)
            )

        plan_text = "\n\n".join(
            f"{title}: {description or 'Tema for nettverksmøtene.'}" for title, description in COMPETENCE_TOPICS
        )
        made(
            Document.Kind.COMPETENCE_PLAN,
            "Kompetanseplan",
            [
                {"body": plan_text, "approved_on": _add_years(today, -3).replace(day=1)},
                {
                    "body": plan_text + "\n\nNettverksmøtenes del 2 knyttes til temaene.",
                    "approved_on": _add_years(today, -1).replace(day=1),
                    "next_revision_on": _add_years(today, 1).replace(day=1),
                },
            ],
            public=True,
        )
        made(
            Document.Kind.ACTION_PLAN,
            f"Strategi- og handlingsplan {year - 2}–{year}",
            [
                {
                    "body": "Mål: alle kommuner i opptaksområdet har ressurssykepleiere. Tiltak: fagdag, "
                    "introduksjonskurs og tre nettverksmøter i året i hver lokalgruppe.",
                    "approved_on": _add_years(today, -2).replace(day=1),
                    "next_revision_on": today - dt.timedelta(days=10),
                }
            ],
            public=False,
        )
        agreement = pdf_from_html(
            '<html lang="nb"><head><meta charset="utf-8"></head><body><h1>Nettverksavtale</h1>'
            "<p>Avtale mellom Akershus universitetssykehus og kommunene i opptaksområdet om "
            "Kompetansenettverk i palliasjon.</p></body></html>"
        )
        made(
            Document.Kind.AGREEMENT,
            "Nettverksavtale",
            [
                {
                    "file": agreement,
                    "filename": "nettverksavtale.pdf",
                    "content_type": "application/pdf",
                    "approved_on": _add_years(today, -2).replace(day=1),
                    "approved_by_text": "Samarbeidsutvalget",
                    "next_revision_on": _add_years(today, 2).replace(day=1),
                }
            ],
            public=True,
        )
        made(
            Document.Kind.YEAR_PLAN,
            f"Årsplan {year}",
            [
                {
                    "body": "Tre nettverksmøter i hver lokalgruppe, fagdag om høsten, introduksjonskurs ved "
                    "behov, fire møter i arbeidsgruppen.",
                    "approved_on": min(dt.date(year, 1, 15), today),
                    "next_revision_on": dt.date(year + 1, 1, 15),
                }
            ],
            public=True,
            doc_year=year,
        )

    # -- the operations groups' reports to the steering group (seed 000)

    def _annual_wheel_steering(self) -> None:
        """Ahus gets a steering group (the hospital's and the municipalities' leaders, and the
        demo committee member). The leader of its working group, which runs the network (003),
        has sent her report for the first half-year and has a draft for the second. Made from
        fixed values: the random streams are left as they were."""
        network = Network.objects.get(name=AHUS_NETWORK.name)
        steering_group = Committee.objects.create(network=network, name="Styringsgruppen", kind=Committee.Kind.STEERING)
        leader = Person.objects.create(
            given_name="Hans Petter",
            family_name="Aasen",
            email="hans.petter.aasen@ahus.example",
            phone="67 96 00 01",
            profession=Profession.DOCTOR,
        )
        members = [
            Person.objects.create(
                given_name="Kari Anne",
                family_name="Berg",
                email="kari.anne.berg@lillestrom.kommune.example",
                phone="67 96 00 02",
            ),
            self.people[COMMITTEE_MEMBER.email],
        ]
        since = _add_years(self.today, -3).replace(day=1)
        seats = [(Term.Kind.COMMITTEE_LEADER, leader)] + [(Term.Kind.COMMITTEE_MEMBER, p) for p in members]
        Term.objects.bulk_create(
            Term(kind=kind, network=network, person=person, committee=steering_group, starts_on=since)
            for kind, person in seats
        )
        working = Committee.objects.get(network=network, kind=Committee.Kind.WORKING)
        writer = self.users[AHUS_SECRETARIAT.email]
        year = self.today.year if self.today.month >= 7 else self.today.year - 1
        first, second = annual_rules.half_year_of(dt.date(year, 3, 1)), annual_rules.half_year_of(dt.date(year, 9, 1))
        sent_at = _at(min(first[1] + dt.timedelta(days=12), self.today), 14)
        figures = steering.figures_for(network, *first)
        totals = figures["totals"]
        text = (
            f"{totals['groups_meeting_requirement']} av {len(figures['groups'])} lokalnettverk har holdt vårens "
            f"møter, {totals['held']} i alt. {totals['new']} nye ressurssykepleiere har startet og "
            f"{totals['ended']} har sluttet; introduksjonskurset er planlagt til høsten.\n\nVi ber "
            "styringsgruppen om å drøfte frikjøp av tid til ressurssykepleierne i kommunene."
        )
        SteeringReport.objects.bulk_create(
            [
                SteeringReport(
                    network=network,
                    committee=working,
                    period_start=first[0],
                    period_end=first[1],
                    text=text,
                    figures=figures,
                    status=SteeringReport.Status.SENT,
                    sent_at=sent_at,
                    written_by=writer,
                    updated_at=sent_at,
                ),
                SteeringReport(
                    network=network,
                    committee=working,
                    period_start=second[0],
                    period_end=second[1],
                    text="Høstens møter i lokalnettverkene og fagdagen. Skrives ferdig når halvåret er over.",
                    written_by=writer,
                    updated_at=self.now,
                ),
            ]
        )

    # -- deviations (seed 000)

    def _annual_deviations(self) -> None:
        """At Ahus: one deviation solved in Follo and closed there, one Kongsvinger could not solve,
        sent to the working group (which does the operations group's work at Ahus, seed 003) and
        closed by it, and one that waits on the working group now. In Bergen nord the demo member
        has reported one that waits on the demo group leader."""
        ahus = Network.objects.get(short_name=AHUS_NETWORK.short_name)
        working = annual_deviations.handling_committee(ahus)
        elisabeth = self.users[AHUS_SECRETARIAT.email]
        today = self.today

        def ago(days: int, hour: int = 10) -> dt.datetime:
            return _at(today - dt.timedelta(days=days), hour)

        def in_group(network: Network, name: str) -> tuple[LocalGroup, Person]:
            """The group, and a member who reports: the first by name who does not lead it."""
            group = LocalGroup.objects.get(network=network, name=name)
            leading = Term.objects.current(today).filter(kind=Term.Kind.GROUP_LEADER, local_group=group)
            members = Membership.objects.current(today).filter(local_group=group)
            members = members.exclude(person__in=leading.values("person")).select_related("person")
            return group, members.order_by("person__family_name", "pk")[0].person

        def steps(deviation: Deviation, *rows: tuple[str, dt.datetime, User | None, str]) -> None:
            DeviationStep.objects.bulk_create(
                DeviationStep(deviation=deviation, kind=kind, at=at, by=by, text=text) for kind, at, by, text in rows
            )

        Kind = DeviationStep.Kind
        group, reporter = in_group(ahus, "Follo")
        local = Deviation.objects.create(
            network=ahus,
            local_group=group,
            reported_by=reporter,
            title="Referatet fra vårmøtet kom aldri ut",
            description="Referatet fra nettverksmøtet i april er ikke sendt til medlemmene eller til nærmeste "
            "ledere, så de som hadde forfall, vet ikke hva som ble avtalt.",
            happened_on=(today - dt.timedelta(days=80)),
            reported_at=ago(75),
            status=Deviation.Status.CLOSED,
            closed_at=ago(62, 14),
            closed_locally=True,
            measure="Referatet er sendt ut. Gruppen har avtalt hvem som skriver referat på hvert møte, og "
            "gruppelederen sender det til sekretariatet innen 14 dager.",
        )
        steps(
            local,
            (Kind.REPORTED, ago(75), None, ""),
            (Kind.COMMENT, ago(70, 9), None, "Referenten var syk. Jeg finner notatene og skriver det ferdig."),
            (Kind.CLOSED, ago(62, 14), None, local.measure),
        )

        group, reporter = in_group(ahus, "Kongsvinger")
        closed = Deviation.objects.create(
            network=ahus,
            local_group=group,
            committee=working,
            reported_by=reporter,
            title="Fagdagen kolliderte med gruppemøtet",
            description="Fagdagen ble lagt til samme dag som vårt planlagte nettverksmøte, og flere måtte "
            "velge. Datoene var ikke sett opp mot hverandre.",
            reported_at=ago(50),
            status=Deviation.Status.CLOSED,
            escalated_at=ago(44, 13),
            closed_at=ago(20, 11),
            measure="Arbeidsgruppen setter fagdagen i årshjulet før lokalnettverkene velger møtedatoer, og "
            "sender datoen til områdelederne i januar.",
        )
        steps(
            closed,
            (Kind.REPORTED, ago(50), None, ""),
            (Kind.ESCALATED, ago(44, 13), None, "Gjelder planleggingen for hele nettverket, ikke bare Kongsvinger."),
            (Kind.CLOSED, ago(20, 11), elisabeth, closed.measure),
        )

        group, reporter = in_group(ahus, "Øvre Romerike")
        waiting = Deviation.objects.create(
            network=ahus,
            local_group=group,
            committee=working,
            reported_by=reporter,
            title="Nye medlemmer fikk ikke tilbud om introduksjonskurs",
            description="To nye ressurssykepleiere har ventet i over et halvt år uten å få tilbud om "
            "introduksjonskurset.",
            reported_at=ago(12),
            status=Deviation.Status.ESCALATED,
            escalated_at=ago(6, 15),
            due_on=(today - dt.timedelta(days=6)) + dt.timedelta(days=annual_rules.OPERATIONS_GROUP_DAYS),
        )
        steps(
            waiting,
            (Kind.REPORTED, ago(12), None, ""),
            (Kind.ESCALATED, ago(6, 15), None, "Kurset holdes av arbeidsgruppen; vi kan ikke løse det lokalt."),
        )

        klb = Network.objects.get(short_name=KLB.short_name)
        bergen_nord = LocalGroup.objects.get(network=klb, name=DEMO_GROUP)
        reported_at = ago(4, 9)
        mine = Deviation.objects.create(
            network=klb,
            local_group=bergen_nord,
            reported_by=self.people[MEMBER.email],
            title="Innkallingen kom for sent",
            description="Innkallingen til forrige nettverksmøte kom fem dager før møtet, ikke 14 dager før "
            "som rutinen sier. Flere fikk ikke byttet vakt.",
            reported_at=reported_at,
            due_on=timezone.localdate(reported_at) + dt.timedelta(days=annual_rules.GROUP_LEADER_DAYS),
        )
        steps(mine, (Kind.REPORTED, reported_at, self.users[MEMBER.email], ""))

    # -- the annual report (årsrapport)

    def _annual_report(self) -> None:
        """At Ahus a draft annual report of this year: the secretariat has written its narrative
        sections (the history twice, the first version kept), and the list of recipients has the
        collaboration committee and a head of unit. Its figures are those of the pages they come
        from (the competence plan's topics are linked to the meetings by _annual_documents)."""
        ahus = Network.objects.get(short_name=AHUS_NETWORK.short_name)
        report = AnnualReport.objects.create(network=ahus, year=self.today.year)
        author = self.users[AHUS_SECRETARIAT.email]
        for section, versions in ANNUAL_REPORT_TEXTS.items():
            for number, body in enumerate(versions, start=1):
                ReportText.objects.create(report=report, section=section, number=number, body=body, made_by=author)
        ReportRecipient.objects.bulk_create(
            ReportRecipient(network=ahus, name=name, email=email, note=note)
            for name, email, note in ANNUAL_REPORT_RECIPIENTS
        )

    # -- the yearly questionnaire (seed 004: "Svare på årlig elektronisk rapportering")

    def _annual_questionnaire(self) -> None:
        """The Ahus network's questionnaire of this year, anonymous, copied from last year's
        standard one: open from ten days ago for three weeks, sent to every member active that
        day, one reminder gone three days ago and one to come. About three in four have
        answered, enough for the breakdowns of most groups; last year's is closed, answered
        alike. The demo member is in Bergen and not asked."""
        from lindra.annual import questionnaires

        ahus = next(m.network for m in self.memberships if m.network.short_name == AHUS_NETWORK.short_name)
        year, today = self.today.year, self.today
        self._questionnaire_of(
            ahus,
            year - 1,
            today - dt.timedelta(days=375),
            today - dt.timedelta(days=354),
            [(today - dt.timedelta(days=368), True)],
            questionnaires.STANDARD,
        )
        self._questionnaire_of(
            ahus,
            year,
            today - dt.timedelta(days=10),
            today + dt.timedelta(days=11),
            [(today - dt.timedelta(days=3), True), (today + dt.timedelta(days=4), False)],
            questionnaires.COPY,
        )

    def _questionnaire_of(self, ahus, year: int, opens_on: dt.date, closes_on: dt.date, reminders, start: str):
        from lindra.annual import questionnaires
        from lindra.annual import rules as annual_rules
        from lindra.annual.models import Answer, Questionnaire, QuestionnaireReminder, Respondent, Response

        questionnaire = questionnaires.create_questionnaire(
            ahus,
            year=year,
            title=f"Årlig rapportering {year}",
            opens_on=opens_on,
            closes_on=closes_on,
            start=start,
            by=None,
        )
        sent_at = _at(opens_on, 8)
        Questionnaire.objects.filter(pk=questionnaire.pk).update(sent_at=sent_at)
        QuestionnaireReminder.objects.bulk_create(
            QuestionnaireReminder(questionnaire=questionnaire, on=day, done_at=_at(day, 8) if done else None)
            for day, done in reminders
        )
        asked = [
            m
            for m in self.memberships
            if m.network_id == ahus.pk
            and m.starts_on <= opens_on
            and (m.ends_on is None or m.ends_on >= opens_on)
            and id(m) not in self.on_leave
        ]
        questions = questionnaires.questions_of(questionnaire, Respondent.Role.MEMBER)
        facts = questionnaires.facts_of(questions)
        respondents, responses, answers = [], [], []
        for membership in asked:
            answered = self.rng.random() < 0.75
            respondents.append(
                Respondent(
                    questionnaire=questionnaire,
                    person=membership.person,
                    membership=membership,
                    local_group=membership.local_group,
                    invited_at=sent_at,
                    answered_on=opens_on + dt.timedelta(days=self.rng.randint(0, min(10, (closes_on - opens_on).days)))
                    if answered
                    else None,
                )
            )
            if answered:
                values, _errors = annual_rules.clean_answers(facts, self._typical_answers(facts), finishing=True)
                responses.append(
                    Response(
                        questionnaire=questionnaire,
                        local_group=membership.local_group,
                        profession=membership.person.profession,
                        workplace_kind=membership.workplace.kind,
                        finished=True,
                    )
                )
                answers.append(values)
        Respondent.objects.bulk_create(respondents)
        # Shuffled, so that the order of the responses says nothing of who answered.
        order = list(range(len(responses)))
        self.rng.shuffle(order)
        responses = Response.objects.bulk_create([responses[i] for i in order])
        Answer.objects.bulk_create(
            Answer(response=response, question_id=qid, value=value)
            for response, i in zip(responses, order, strict=True)
            for qid, value in answers[i].items()
        )

    def _typical_answers(self, facts) -> dict:
        rng = self.rng
        raw: dict = {}
        texts = iter(QUESTIONNAIRE_TEXTS)
        for question in facts:
            if question.kind == "number":
                raw[question.id] = str(rng.choice([1, 2, 2, 3, 3, 3]) if question.high <= 20 else rng.randint(0, 12))
            elif question.kind == "scale":
                raw[question.id] = str(rng.choice([2, 3, 4, 4, 4, 5, 5]))
            elif question.kind == "single":
                weights = [6, *([2] * (len(question.choices) - 1))]
                raw[question.id] = rng.choices(question.choices, weights=weights)[0]
            elif question.kind == "multiple":
                raw[question.id] = rng.sample(question.choices, rng.randint(1, 3))
            else:
                choices = next(texts, ())
                if choices and rng.random() < 0.5:
                    raw[question.id] = rng.choice(choices)
        return raw


# Free-text answers in the demo's yearly questionnaire.
# Free-text answers in the demo's yearly questionnaire, for its three free-text questions in
# order: why no report back, what was learned, what the network should do better.
QUESTIONNAIRE_TEXTS = (
    ("Fikk ikke tid på personalmøtet.", "Det var ikke satt av tid på avdelingen."),
    (
        "Kartlegging med ESAS har blitt fast på avdelingen.",
        "Tryggere i samtaler med pårørende.",
        "Bruker tiltaksplanen for døende oftere.",
    ),
    (
        "Flere kasusdiskusjoner på møtene.",
        "Tid til å undervise kollegene i arbeidstiden.",
        "Mer om kommunikasjon med pårørende.",
        "Bedre informasjon om hospitering.",
    ),
)


KLB_WELCOME_LETTER = (
    "Hei {{ fornavn }}!\n\n"
    "Velkommen som {{ tittel }} i {{ nettverk }}. Du er med i lokalgruppen {{ lokalgruppe }}, og gruppelederen "
    "er {{ gruppeleder }}. Gruppen møtes tre ganger i året, og møtene er obligatoriske.\n\n"
    "{{ neste_mote }}\n\n"
    "Som ny skal du delta på det obligatoriske introduksjonskurset. {{ introduksjonskurs }}\n\n"
    "Funksjonsbeskrivelsen er vedlagt: {{ funksjonsbeskrivelse }}. Gå gjennom den sammen med din nærmeste "
    "leder, {{ naermeste_leder }}, og godta den begge. Dere avtaler også en arbeidsplan for året.\n\n"
    "Spørsmål? Skriv til oss ({{ sekretariat }}).\n\n"
    "Vennlig hilsen\nKLB"
)
FUNCTION_DESCRIPTION_TITLE = "Funksjon og ansvar for %(title)s og nærmeste leder"

TASKS = (  # of the function description, from seed 004
    (
        "Faste oppgaver",
        (
            "Delta på introduksjonskurs",
            "Delta på nettverksmøter",
            "Delta på felles årlig fagdag",
            "Gi referat fra nettverkssamlinger til leder og til kolleger",
            "Utarbeide egen arbeidsplan i samarbeid med nærmeste leder",
            "Svare på årlig elektronisk rapportering om sin funksjon",
            "Melde fra til sekretariatet ved permisjon og når funksjonen avsluttes",
        ),
    ),
    (
        "Leders ansvar og oppgaver",
        (
            "Gjøre seg kjent med nettverksavtalen",
            "Ha årlig møte med ressursperson for å planlegge og evaluere arbeidsplan",
            "Gi ressursperson støtte, tid og ressurser til å utøve sin funksjon",
            "Gi ressursperson mulighet til å delta på samlinger i nettverket",
        ),
    ),
)
FUNCTION_DESCRIPTION_STYLE = (
    "@page { size: A4; margin: 20mm; } body { font-family: 'DejaVu Sans', sans-serif; font-size: 10.5pt; } "
    ".network { color: #0062ba; text-transform: uppercase; font-size: 9pt; } h1 { font-size: 17pt; } "
    "h2 { font-size: 12pt; color: #0062ba; }"
)


def _all_staff() -> list[Staff]:
    staff = []
    for spec in NETWORKS:
        staff += spec.secretariat
        for committee in spec.committees:
            staff += [s for s in (committee.leader, *committee.members) if s is not None]
    return staff


@transaction.atomic
def load_demo_data() -> Summary:
    """Loads the demo data into an empty database, in one transaction."""
    started = time.monotonic()
    _Builder(timezone.localdate(), timezone.now()).build()
    return Summary(
        networks=Network.objects.count(),
        groups=LocalGroup.objects.count(),
        workplaces=Workplace.objects.count(),
        people=Person.objects.count(),
        memberships=Membership.objects.count(),
        current_memberships=Membership.objects.current().count(),
        meetings=Meeting.objects.count(),
        seconds=time.monotonic() - started,
    )
