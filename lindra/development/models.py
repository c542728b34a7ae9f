"""People over time: welcome letters, function descriptions and their acceptance, leader
choices, work plans and yearly meetings, reporting back, competence activities."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindra.registry.models import Profession


class WelcomeLetterTemplate(models.Model):
    """The network's own welcome letter (seed 000), with variables for the member's facts."""

    network = models.OneToOneField(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="welcome_template"
    )
    body = models.TextField(_("tekst i velkomstbrevet"))
    updated_at = models.DateTimeField(_("endret"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("mal for velkomstbrev")
        verbose_name_plural = _("maler for velkomstbrev")

    def __str__(self) -> str:
        return str(self.network)


class WelcomeLetter(models.Model):
    """The welcome letter of one membership: one, however the membership began."""

    membership = models.OneToOneField(
        "registry.Membership", verbose_name=_("medlemskap"), on_delete=models.CASCADE, related_name="welcome_letter"
    )
    # The letter as it was written, with the facts of the day: what the member was told.
    text = models.TextField(_("brevet"))
    made_at = models.DateTimeField(_("laget"), default=timezone.now)
    # Empty when the member has no e-mail address: the letter is printed and handed over.
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    sent_to = models.EmailField(_("sendt til"), blank=True)
    # The nearest leader's copy (seed 000: "Kopi av e-post sendes til nærmeste leder").
    copy_to = models.EmailField(_("kopi sendt til"), blank=True)

    class Meta:
        verbose_name = _("velkomstbrev")
        verbose_name_plural = _("velkomstbrev")

    def __str__(self) -> str:
        return str(self.membership)


class FunctionDescription(models.Model):
    """The network's function description for a profession (seed 004), a document with its
    versions; the newest approved one is the one members and leaders accept."""

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="function_descriptions"
    )
    profession = models.CharField(
        _("yrke"), max_length=2, choices=Profession.choices, blank=True, help_text=_("Tomt: for alle yrker.")
    )
    title = models.CharField(_("tittel"), max_length=200)
    pdf = models.BinaryField(_("PDF"))
    filename = models.CharField(_("filnavn"), max_length=200)
    approved_on = models.DateField(_("godkjent"))
    uploaded_at = models.DateTimeField(_("lastet opp"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["network", "profession", "-approved_on", "-id"]
        verbose_name = _("funksjonsbeskrivelse")
        verbose_name_plural = _("funksjonsbeskrivelser")

    def __str__(self) -> str:
        return self.title


class Acceptance(models.Model):
    """The member, or the nearest leader, accepts the function description (seed 004 makes
    both responsible), by a signed link or signed in."""

    class Party(models.TextChoices):
        MEMBER = "member", _("Medlemmet")
        LEADER = "leader", _("Nærmeste leder")

    membership = models.ForeignKey(
        "registry.Membership", verbose_name=_("medlemskap"), on_delete=models.CASCADE, related_name="acceptances"
    )
    party = models.CharField(_("hvem"), max_length=10, choices=Party.choices)
    person = models.ForeignKey("registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    function_description = models.ForeignKey(
        FunctionDescription, verbose_name=_("funksjonsbeskrivelse"), null=True, on_delete=models.SET_NULL
    )
    accepted_at = models.DateTimeField(_("akseptert"), default=timezone.now)

    class Meta:
        verbose_name = _("aksept av funksjonsbeskrivelsen")
        verbose_name_plural = _("aksepter av funksjonsbeskrivelsen")
        constraints = [models.UniqueConstraint(fields=["membership", "party"], name="one_acceptance_per_party")]

    def __str__(self) -> str:
        return f"{self.membership}: {self.get_party_display()}"


class LeaderChoice(models.Model):
    """How a group's new leader was chosen (seed 000: the role rotates, two years at a time):
    at a meeting (and so in its minutes), or by the secretariat."""

    term = models.OneToOneField(
        "registry.Term", verbose_name=_("verv"), on_delete=models.CASCADE, related_name="choice"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("valgt på møtet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leader_choices",
    )
    chosen_at = models.DateTimeField(_("registrert"), default=timezone.now)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("valg av gruppeleder")
        verbose_name_plural = _("valg av gruppeledere")

    def __str__(self) -> str:
        return str(self.term)


class WorkPlan(models.Model):
    """A member's work plan for a year, made with the nearest leader "med utgangspunkt i
    nettverkets årsplan og behovene på arbeidsstedet" (seeds 003, 004)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt til nærmeste leder")
        CHANGES_REQUESTED = "changes", _("Leder ber om endringer")
        AGREED = "agreed", _("Avtalt")

    membership = models.ForeignKey(
        "registry.Membership", verbose_name=_("medlemskap"), on_delete=models.CASCADE, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    goals = models.TextField(_("mål for året"), blank=True)
    activities = models.TextField(_("hva jeg skal gjøre"), blank=True)
    workplace_needs = models.TextField(_("behov på arbeidsstedet"), blank=True)
    support = models.TextField(_("hva jeg trenger fra lederen"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("sendt til leder"), null=True, blank=True)
    leader_note = models.TextField(_("lederens merknad"), blank=True)
    changes_requested_at = models.DateTimeField(_("leder ba om endringer"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("avtalt"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        "registry.Person",
        verbose_name=_("avtalt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("arbeidsplan")
        verbose_name_plural = _("arbeidsplaner")
        constraints = [models.UniqueConstraint(fields=["membership", "year"], name="one_work_plan_per_year")]

    def __str__(self) -> str:
        return f"{self.membership} {self.year}"


class YearlyMeeting(models.Model):
    """The yearly meeting of member and nearest leader to plan and evaluate the work plan
    (seed 004): booked, then its evaluation recorded."""

    membership = models.ForeignKey(
        "registry.Membership", verbose_name=_("medlemskap"), on_delete=models.CASCADE, related_name="yearly_meetings"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=300, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evaluation = models.TextField(_("evaluering"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluert"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("årlig møte med leder")
        verbose_name_plural = _("årlige møter med leder")
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="one_yearly_meeting_per_year"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="yearly_meeting_ends_after"),
        ]

    def __str__(self) -> str:
        return f"{self.membership} {self.year}"


class ReportBack(models.Model):
    """The member reported from a gathering to the leader and colleagues (seeds 003, 004:
    "Gi referat fra nettverkssamlinger til leder og til kolleger")."""

    membership = models.ForeignKey(
        "registry.Membership", verbose_name=_("medlemskap"), on_delete=models.CASCADE, related_name="reports_back"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("samling"), on_delete=models.CASCADE, related_name="reports_back"
    )
    reported_on = models.DateField(_("dato"))
    to_leader = models.BooleanField(_("til nærmeste leder"), default=False)
    to_colleagues = models.BooleanField(_("til kolleger"), default=False)
    how = models.CharField(_("hvordan"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        ordering = ["-reported_on"]
        verbose_name = _("referat til arbeidsstedet")
        verbose_name_plural = _("referater til arbeidsstedet")
        constraints = [
            models.UniqueConstraint(fields=["membership", "meeting"], name="one_report_back_per_meeting"),
            models.CheckConstraint(condition=Q(to_leader=True) | Q(to_colleagues=True), name="report_back_to_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.meeting}"


class CompetenceActivity(models.Model):
    """Hospitering, a course, a conference, further education: recorded by the member,
    confirmed by the nearest leader (seeds 003, 004)."""

    class Kind(models.TextChoices):
        HOSPITERING = "hospitering", _("Hospitering")
        COURSE = "course", _("Kurs")
        CONFERENCE = "conference", _("Konferanse eller seminar")
        FURTHER_EDUCATION = "education", _("Videreutdanning")
        OTHER = "other", _("Annet")

    membership = models.ForeignKey(
        "registry.Membership",
        verbose_name=_("medlemskap"),
        on_delete=models.CASCADE,
        related_name="competence_activities",
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("hva"), max_length=200)
    place = models.CharField(_("hvor"), max_length=200, blank=True)
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True)
    hours = models.DecimalField(_("timer"), max_digits=6, decimal_places=1, null=True, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekreftet av leder"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "registry.Person",
        verbose_name=_("bekreftet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("kompetanseaktivitet")
        verbose_name_plural = _("kompetanseaktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="activity_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IntroCourseNotice(models.Model):
    """The committee that holds the courses and the secretariat were told that more members
    are waiting for the intro course than the network's policy allows (seed 003: "ved over 10
    nye sykepleiere"). They are told again only after a course has been held or planned since."""

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("varslet"), default=timezone.now)
    waiting = models.PositiveIntegerField(_("medlemmer som ventet på kurs"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("varsel om introduksjonskurs")
        verbose_name_plural = _("varsler om introduksjonskurs")
        indexes = [models.Index(fields=["network", "-sent_at"], name="intro_notice_latest_idx")]

    def __str__(self) -> str:
        return f"{self.network}: {self.sent_at:%Y-%m-%d}"


class LeaderTermNotice(models.Model):
    """That the group, its leader and the secretariat were told, before a leader's term ends,
    that a new leader must be chosen: once per term, however often the job runs."""

    term = models.OneToOneField(
        "registry.Term", verbose_name=_("verv"), on_delete=models.CASCADE, related_name="ending_notice"
    )
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)

    class Meta:
        verbose_name = _("varsel om ny gruppeleder")
        verbose_name_plural = _("varsler om ny gruppeleder")

    def __str__(self) -> str:
        return str(self.term)


class WorkPlanReminder(models.Model):
    """A reminder that a year's work plan or its evaluation was missing by the network's due
    date, to the member or the nearest leader: each goes once a year (the row is the record)."""

    class About(models.TextChoices):
        PLAN = "plan", _("Arbeidsplanen")
        EVALUATION = "evaluation", _("Evalueringen")

    class Party(models.TextChoices):
        MEMBER = "member", _("Medlemmet")
        LEADER = "leader", _("Nærmeste leder")

    membership = models.ForeignKey(
        "registry.Membership",
        verbose_name=_("medlemskap"),
        on_delete=models.CASCADE,
        related_name="work_plan_reminders",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    about = models.CharField(_("om"), max_length=10, choices=About.choices)
    party = models.CharField(_("til"), max_length=10, choices=Party.choices)
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)
    # Empty when the person had no e-mail address: nothing could be sent.
    sent_to = models.EmailField(_("sendt til"), blank=True)

    class Meta:
        verbose_name = _("påminnelse om arbeidsplan")
        verbose_name_plural = _("påminnelser om arbeidsplan")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year", "about", "party"], name="one_work_plan_reminder_each_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} {self.year}: {self.get_about_display()}, {self.get_party_display()}"
