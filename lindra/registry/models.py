"""The registry: networks and their policy, groups, committees, people, memberships, terms.

Roles are derived from these rows (see lindra.accounts.roles): a person leads a group
while a Term says so, and is a member while a Membership says so.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lindra.registry.rules import Policy


def today() -> dt.date:
    return timezone.localdate()


def period_text(starts_on: dt.date, ends_on: dt.date | None) -> str:
    """A period as the pages write it: «1. mars 2025 – 31. mars 2025», or «fra 1. mars 2025,
    uten sluttdato» while it is open-ended."""
    start = date_format(starts_on, "DATE_FORMAT")
    if ends_on is None:
        return gettext("fra %(start)s, uten sluttdato") % {"start": start}
    return f"{start} – {date_format(ends_on, 'DATE_FORMAT')}"


class DatedQuerySet(models.QuerySet):
    """Rows with starts_on and ends_on (inclusive, empty when open-ended)."""

    def current(self, on: dt.date | None = None):
        on = on or today()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Network(models.Model):
    version = models.PositiveIntegerField(default=0, editable=False)  # rises with every save
    name = models.CharField(_("navn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnavn"), max_length=60)
    secretariat_email = models.EmailField(_("sekretariatets e-postadresse"))
    # E-mail to someone who has not chosen a language is written in this one.
    email_language = models.CharField(
        _("språk i e-post"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="nb",
        help_text=_("E-post og dokumenter til dem som ikke har valgt språk selv, kommer på dette språket."),
    )
    member_title = models.CharField(_("tittel på medlemmene"), max_length=60, default="ressurssykepleier")
    member_title_plural = models.CharField(
        _("tittel på medlemmene, flertall"), max_length=60, default="ressurssykepleiere"
    )

    # The policy: the numbers of the network's rules (DESIGN.md §1). Code reads them
    # through .policy, never from literals.
    meetings_per_group_per_year = models.PositiveSmallIntegerField(_("møter per lokalgruppe per år"), default=3)
    min_gathering_hours_per_year = models.PositiveSmallIntegerField(
        _("minste antall samlingstimer per lokalgruppe per år"), null=True, blank=True
    )
    program_days_before = models.PositiveSmallIntegerField(
        _("arrangør kontakter gruppeansvarlig om programmet, dager før"), default=60
    )
    invitation_days_before = models.PositiveSmallIntegerField(_("innkalling til sekretariatet, dager før"), default=14)
    minutes_days_after = models.PositiveSmallIntegerField(_("referat til sekretariatet, dager etter"), default=14)
    absences_before_follow_up = models.PositiveSmallIntegerField(
        _("fravær i et år før oppfølging (oppfølging ved flere enn)"), default=2
    )
    leader_term_years = models.PositiveSmallIntegerField(_("funksjonstid for gruppeleder, år"), default=2)
    intro_course_waiting_threshold = models.PositiveSmallIntegerField(
        _("nye medlemmer som venter før introduksjonskurs (kurs ved flere enn)"), default=10
    )
    committee_meetings_per_year = models.PositiveSmallIntegerField(
        _("møter i drifts-/arbeidsgruppen per år"), default=4
    )
    leader_term_notice_days = models.PositiveSmallIntegerField(
        _("varsel om ny gruppeleder, dager før funksjonstiden slutter"), default=60
    )
    work_plan_due_month = models.PositiveSmallIntegerField(_("arbeidsplanen avtalt innen, måned"), default=3)
    work_plan_due_day = models.PositiveSmallIntegerField(_("arbeidsplanen avtalt innen, dag"), default=31)
    evaluation_due_month = models.PositiveSmallIntegerField(_("evaluering i årlig møte innen, måned"), default=12)
    evaluation_due_day = models.PositiveSmallIntegerField(_("evaluering i årlig møte innen, dag"), default=1)
    retention_years = models.PositiveSmallIntegerField(
        _("personopplysninger om tidligere medlemmer anonymiseres etter, år"), default=5
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("nettverk")
        verbose_name_plural = _("nettverk")

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:network", args=[self.pk])

    @property
    def policy(self) -> Policy:
        return Policy(
            meetings_per_group_per_year=self.meetings_per_group_per_year,
            min_gathering_hours_per_year=self.min_gathering_hours_per_year,
            program_days_before=self.program_days_before,
            invitation_days_before=self.invitation_days_before,
            minutes_days_after=self.minutes_days_after,
            absences_before_follow_up=self.absences_before_follow_up,
            leader_term_years=self.leader_term_years,
            intro_course_waiting_threshold=self.intro_course_waiting_threshold,
            committee_meetings_per_year=self.committee_meetings_per_year,
            leader_term_notice_days=self.leader_term_notice_days,
            work_plan_due=(self.work_plan_due_month, self.work_plan_due_day),
            evaluation_due=(self.evaluation_due_month, self.evaluation_due_day),
            retention_years=self.retention_years,
        )


class Municipality(models.Model):
    number = models.CharField(_("kommunenummer"), max_length=4, primary_key=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        HEALTH_TRUST = "helseforetak", _("Helseforetak")
        MUNICIPALITY = "kommune", _("Kommune")
        CITY_DISTRICT = "bydel", _("Bydel")
        PRIVATE = "privat", _("Privat eller ideell")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")

    def __str__(self) -> str:
        return self.name


class WorkplaceQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def matching(self, text: str):
        """Those whose name, municipality or owner contains every word of the text."""
        rows = self
        for word in text.split():
            rows = rows.filter(
                Q(name__icontains=word) | Q(municipality__name__icontains=word) | Q(organisation__name__icontains=word)
            )
        return rows

    def with_own(self, network):
        """Annotated with own: whether the network has or had members working there."""
        history = Change.objects.placements().filter(membership__network=network, workplace=models.OuterRef("pk"))
        return self.annotate(own=models.Exists(history))


class Workplace(models.Model):
    class Kind(models.TextChoices):
        HOSPITAL_WARD = "sykehusavdeling", _("Sykehusavdeling")
        OUTPATIENT = "poliklinikk", _("Poliklinikk")
        NURSING_HOME = "sykehjem", _("Sykehjem")
        HOME_CARE = "hjemmetjeneste", _("Hjemmetjeneste")
        CANCER_COORDINATOR = "kreftkoordinator", _("Kreftkoordinator")
        REHABILITATION = "rehabilitering", _("Rehabilitering")
        OTHER = "annet", _("Annet")

    version = models.PositiveIntegerField(default=0, editable=False)  # rises with every save
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT)
    organisation = models.ForeignKey(Organisation, verbose_name=_("eier"), on_delete=models.PROTECT)
    closed_on = models.DateField(_("nedlagt"), null=True, blank=True)

    objects = WorkplaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("arbeidssted")
        verbose_name_plural = _("arbeidssteder")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="workplace_unique_per_owner")]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with its owner, as a typed choice names it: unique, as the owner's names are."""
        return f"{self.name} ({self.organisation.name})"


# What the audit log says of a year's plan saved for a group or a committee.
PLAN_AUDIT_LABELS = {"year": _("år"), "created": _("møter lagt til"), "removed": _("møter tatt ut")}


class LocalGroup(models.Model):
    version = models.PositiveIntegerField(default=0, editable=False)  # rises with every save
    network = models.ForeignKey(Network, verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("navn"), max_length=200)
    municipalities = models.ManyToManyField(Municipality, verbose_name=_("kommuner"), blank=True)
    closed_on = models.DateField(_("avsluttet"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("slått sammen med"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # What the audit log records of a group besides its fields: how many a merger moved.
    audit_labels = {"moved": _("medlemmer flyttet"), **PLAN_AUDIT_LABELS}

    class Meta:
        ordering = ["network", "name"]
        verbose_name = _("lokalgruppe")
        verbose_name_plural = _("lokalgrupper")
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="group_name_unique_per_network")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:group", args=[self.pk])


class Committee(models.Model):
    class Kind(models.TextChoices):
        OPERATIONS = "driftsgruppe", _("Driftsgruppe")
        WORKING = "arbeidsgruppe", _("Arbeidsgruppe")
        STEERING = "styringsgruppe", _("Styringsgruppe")

    version = models.PositiveIntegerField(default=0, editable=False)  # rises with every save
    network = models.ForeignKey(
        Network, verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="committees"
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    closed_on = models.DateField(_("avsluttet"), null=True, blank=True)

    audit_labels = PLAN_AUDIT_LABELS

    class Meta:
        ordering = ["network", "name"]
        verbose_name = _("utvalg")
        verbose_name_plural = _("utvalg")

    def __str__(self) -> str:
        return self.name


class Profession(models.TextChoices):
    """Health personnel, from Helsedirektoratet's code list 9060 (the ones the networks meet)."""

    NURSE = "SP", _("Sykepleier")
    PHYSIOTHERAPIST = "FT", _("Fysioterapeut")
    OCCUPATIONAL_THERAPIST = "ET", _("Ergoterapeut")
    SOCIAL_EDUCATOR = "VP", _("Vernepleier")
    AUXILIARY_NURSE = "HF", _("Helsefagarbeider")
    DOCTOR = "LE", _("Lege")
    MIDWIFE = "JO", _("Jordmor")
    PHARMACIST = "FA", _("Farmasøyt")
    CLINICAL_DIETITIAN = "KE", _("Klinisk ernæringsfysiolog")
    PSYCHOLOGIST = "PS", _("Psykolog")
    SOCIAL_WORKER = "SO", _("Sosionom")
    OTHER = "XX", _("Annet")


class Person(models.Model):
    """A resource person, a nearest leader, a secretary: anyone Lindra knows by name."""

    given_name = models.CharField(_("fornavn"), max_length=100)
    family_name = models.CharField(_("etternavn"), max_length=100)
    email = models.EmailField(_("e-post"), unique=True, null=True, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    profession = models.CharField(_("yrke"), max_length=2, choices=Profession.choices, blank=True)
    further_education = models.CharField(_("videreutdanning"), max_length=300, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("brukerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # Raised by every saved change, so that two people editing at once notice each other.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("registry:person", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class MembershipQuerySet(DatedQuerySet):
    def in_group(self, group):
        return self.filter(local_group=group)


class Membership(models.Model):
    """A person as resource person in one network, from starts_on to ends_on (inclusive)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships")
    network = models.ForeignKey(
        Network, verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="memberships"
    )
    local_group = models.ForeignKey(
        LocalGroup, verbose_name=_("lokalgruppe"), on_delete=models.PROTECT, related_name="memberships"
    )
    workplace = models.ForeignKey(
        Workplace, verbose_name=_("arbeidssted"), on_delete=models.PROTECT, related_name="memberships"
    )
    nearest_leader = models.ForeignKey(
        Person,
        verbose_name=_("nærmeste leder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_memberships",
    )
    starts_on = models.DateField(_("startdato"))
    ends_on = models.DateField(_("sluttdato"), null=True, blank=True)
    intro_course_completed_on = models.DateField(_("introduksjonskurs fullført"), null=True, blank=True)
    function_description_signed_on = models.DateField(_("funksjonsbeskrivelse signert"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MembershipQuerySet.as_manager()

    # What the audit log records of a membership besides its fields: the day a change counts from.
    audit_labels = {"effective_on": _("gjelder fra")}

    class Meta:
        ordering = ["person__family_name", "person__given_name"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.local_group})"


class Leave(models.Model):
    """A period of leave within a membership (inclusive dates)."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("medlemskap"), on_delete=models.CASCADE, related_name="leaves"
    )
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("permisjon")
        verbose_name_plural = _("permisjoner")

    def __str__(self) -> str:
        return f"{self.membership}: {self.period}"

    @property
    def period(self) -> str:
        return period_text(self.starts_on, self.ends_on)

    @property
    def is_over(self) -> bool:
        """Whether its last day has passed (then there is nothing left to end)."""
        return self.ends_on is not None and self.ends_on < today()

    @property
    def dates(self) -> dict[str, str | None]:
        """The dates as a leave's history row keeps them (ISO text)."""
        return {"starts_on": self.starts_on.isoformat(), "ends_on": self.ends_on.isoformat() if self.ends_on else None}


class Term(models.Model):
    """A dated role: secretariat staff, leader of a local group, committee member."""

    class Kind(models.TextChoices):
        SECRETARIAT = "sekretariat", _("Sekretariat")
        GROUP_LEADER = "gruppeleder", _("Leder av lokalgruppe")
        COMMITTEE_MEMBER = "utvalgsmedlem", _("Medlem av utvalg")
        COMMITTEE_LEADER = "utvalgsleder", _("Leder av utvalg")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="terms")
    kind = models.CharField(_("rolle"), max_length=20, choices=Kind.choices)
    network = models.ForeignKey(Network, verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="terms")
    local_group = models.ForeignKey(
        LocalGroup, verbose_name=_("lokalgruppe"), null=True, blank=True, on_delete=models.PROTECT, related_name="terms"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("utvalg"), null=True, blank=True, on_delete=models.PROTECT, related_name="terms"
    )
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True)
    # A seat that follows another term: the group leader sits in the operations group for as
    # long as the leader's term lasts (seed 000), starting and ending with it.
    seat_of = models.ForeignKey(
        "self",
        verbose_name=_("sete som følger vervet"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="seats",
    )

    objects = DatedQuerySet.as_manager()

    # What the audit log records of a term besides its fields: the seat that follows it.
    audit_labels = {"seat": _("sete som følger vervet")}

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("verv")
        verbose_name_plural = _("verv")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="gruppeleder", local_group__isnull=False, committee__isnull=True)
                | Q(kind__in=["utvalgsmedlem", "utvalgsleder"], committee__isnull=False, local_group__isnull=True)
                | Q(kind="sekretariat", committee__isnull=True, local_group__isnull=True),
                name="term_names_what_it_is_for",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        where = self.local_group or self.committee or self.network
        return f"{self.person}: {self.get_kind_display()}, {where}"


class ChangeKind(models.TextChoices):
    JOINED = "joined", _("Ble medlem")
    LOCAL_GROUP = "local_group", _("Ny lokalgruppe")
    WORKPLACE = "workplace", _("Nytt arbeidssted")
    NEAREST_LEADER = "nearest_leader", _("Ny nærmeste leder")
    LEAVE = "leave", _("Permisjon")
    LEAVE_CHANGED = "leave_changed", _("Permisjon endret")
    LEAVE_ENDED = "leave_ended", _("Permisjon avsluttet")
    LEAVE_REMOVED = "leave_removed", _("Permisjon fjernet")
    FURTHER_EDUCATION = "further_education", _("Videreutdanning")
    INTRO_COURSE = "intro_course", _("Introduksjonskurs fullført")
    FUNCTION_DESCRIPTION = "function_description", _("Funksjonsbeskrivelse signert")
    CONTACT_DETAILS = "contact_details", _("Kontaktopplysninger endret")
    ENDED = "ended", _("Sluttet")
    RESUMED = "resumed", _("Gjeninntrådt")


class ChangeQuerySet(models.QuerySet):
    def placements(self):
        """The rows that set where a member is placed (group, workplace, nearest leader)."""
        return self.filter(
            kind__in=[ChangeKind.JOINED, ChangeKind.LOCAL_GROUP, ChangeKind.WORKPLACE, ChangeKind.NEAREST_LEADER]
        )


class Change(models.Model):
    """One dated change in a person's history: who changed what, from when, when, and why.

    Rows of kind joined/local_group/workplace/nearest_leader also carry the new placement:
    from them the state of a membership on any date is rebuilt (registry.rules.value_on).
    """

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="changes")
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("medlemskap"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
    )
    kind = models.CharField(_("endring"), max_length=30, choices=ChangeKind.choices)
    effective_on = models.DateField(_("gjelder fra"))
    local_group = models.ForeignKey(
        LocalGroup, verbose_name=_("lokalgruppe"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    workplace = models.ForeignKey(
        Workplace, verbose_name=_("arbeidssted"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nearest_leader = models.ForeignKey(
        Person, verbose_name=_("nærmeste leder"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    details = models.JSONField(_("detaljer"), default=dict, blank=True)
    reason = models.CharField(_("begrunnelse"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("endring")
        verbose_name_plural = _("endringer")
        indexes = [
            models.Index(fields=["membership", "kind", "effective_on"], name="change_history_idx"),
            # A membership's latest change of some kinds by a day (registry.services._latest):
            # read back from the day along the index, rather than sorting the member's history.
            models.Index(fields=["membership", "effective_on"], name="change_by_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} {self.effective_on}"

    @property
    def changed_fields(self) -> list[str]:
        """The names, as the user reads them, of the person's fields a contact-details change
        touched (details is keyed by the model's field names)."""
        fields = {f.name: f for f in Person._meta.get_fields() if hasattr(f, "verbose_name")}
        return [capfirst(fields[name].verbose_name) if name in fields else name for name in self.details]

    @property
    def leave_period(self) -> str:
        """The leave a row of kind leave, leave_ended or leave_removed is about, in words."""
        return _period_of(self.details, starts_on=self.effective_on)

    @property
    def leave_periods_changed(self) -> tuple[str, str]:
        """A corrected leave's dates before and after, in words."""
        return _period_of(self.details["before"]), _period_of(self.details["after"])


def _period_of(dates: dict, *, starts_on: dt.date | None = None) -> str:
    """A period kept as ISO text in a history row, in words (a leave row keeps only its end:
    its start is the day it took effect)."""
    start, end = dates.get("starts_on"), dates.get("ends_on")
    return period_text(
        dt.date.fromisoformat(start) if start else starts_on, dt.date.fromisoformat(end) if end else None
    )


class ChangeRequest(models.Model):
    """A change reported by a member or a nearest leader, for the secretariat to apply."""

    class Kind(models.TextChoices):
        NEAREST_LEADER = "nearest_leader", _("Ny nærmeste leder")
        WORKPLACE = "workplace", _("Nytt arbeidssted")
        FURTHER_EDUCATION = "further_education", _("Videreutdanning")
        LEAVE = "leave", _("Permisjon")
        END = "end", _("Avslutter funksjonen")
        REPLACEMENT = "replacement", _("Ny ressursperson i stedet")
        OTHER = "other", _("Annet")

    class Status(models.TextChoices):
        OPEN = "open", _("Venter")
        APPLIED = "applied", _("Gjennomført")
        REJECTED = "rejected", _("Avvist")

    membership = models.ForeignKey(
        Membership, verbose_name=_("medlemskap"), on_delete=models.CASCADE, related_name="change_requests"
    )
    kind = models.CharField(_("hva gjelder det"), max_length=30, choices=Kind.choices)
    effective_on = models.DateField(_("fra dato"), null=True, blank=True)
    ends_on = models.DateField(_("til dato"), null=True, blank=True)
    message = models.TextField(_("beskrivelse"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("meldt av"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("meldt"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandlet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    response = models.TextField(_("svar"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("endringsmelding")
        verbose_name_plural = _("endringsmeldinger")

    def __str__(self) -> str:
        return f"{self.membership.person}: {self.get_kind_display()}"


class ImportBatch(models.Model):
    """An uploaded spreadsheet of members: checked first, then imported in one go."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Kontrollert")
        QUEUED = "queued", _("Venter på import")
        RUNNING = "running", _("Importeres")
        DONE = "done", _("Importert")
        FAILED = "failed", _("Feilet")

    network = models.ForeignKey(Network, verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("fil"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("lastet opp"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKED)
    rows = models.JSONField(default=list)  # the rows as read, each with its line number
    problems = models.JSONField(default=list)  # [{"line": 3, "column": "E-post", "message": "…"}]
    warnings = models.JSONField(default=list)
    skipped_lines = models.JSONField(default=list)  # lines the secretariat chose to leave out
    result = models.JSONField(default=dict)  # counts of what was created
    error = models.TextField(blank=True)

    # What the audit log records of an import: the lines left out, then the counts of the result.
    audit_labels = {
        "skipped": _("linjer hoppet over"),
        "people": _("nye personer"),
        "leaders": _("nye nærmeste ledere"),
        "workplaces": _("nye arbeidssteder"),
        "memberships": _("nye medlemskap"),
        "unchanged": _("uendret"),
    }

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return self.filename
