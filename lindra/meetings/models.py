"""Meetings of local groups and committees: the plan, the host, the agenda in two parts, and
the deadline chain (seeds 000, 001, 003)."""

import datetime as dt

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def with_answer_counts(self):
        """Each meeting with its participants counted by their answer, in the same query:
        members called, guests invited, registered, notices of absence (only that notice was
        given: no reason is stored), not answered."""
        answer = Registration.Answer
        return self.annotate(
            members_called=Count("registrations", filter=Q(registrations__kind=Registration.Kind.MEMBER)),
            guests_invited=Count("registrations", filter=Q(registrations__kind=Registration.Kind.GUEST)),
            registered=Count("registrations", filter=Q(registrations__answer=answer.REGISTERED)),
            notices_of_absence=Count("registrations", filter=Q(registrations__answer=answer.ABSENT)),
            unanswered=Count("registrations", filter=Q(registrations__answer=answer.NONE)),
        )


class CompetenceTopic(models.Model):
    """A topic of the network's competence plan; part 2 of a meeting covers one or more."""

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="competence_topics"
    )
    title = models.CharField(_("tema"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    retired = models.BooleanField(_("ikke lenger i planen"), default=False)
    version = models.PositiveIntegerField(default=0, editable=False)  # rises with every save

    class Meta:
        ordering = ["network", "title"]
        verbose_name = _("tema i kompetanseplanen")
        verbose_name_plural = _("temaer i kompetanseplanen")
        constraints = [models.UniqueConstraint(fields=["network", "title"], name="topic_unique_per_network")]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """A meeting of a local group, or an event held by a committee: a committee meeting, the
    network's fagdag, or an intro course. All use the same machinery (DESIGN.md §1)."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Nettverksmøte")
        COMMITTEE = "committee", _("Utvalgsmøte")
        FAGDAG = "fagdag", _("Fagdag")
        COURSE = "course", _("Introduksjonskurs")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.GROUP)
    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="meetings"
    )
    local_group = models.ForeignKey(
        "registry.LocalGroup",
        verbose_name=_("lokalgruppe"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    committee = models.ForeignKey(
        "registry.Committee",
        verbose_name=_("utvalg"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("tittel"), max_length=200)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=300, blank=True)
    host = models.ForeignKey(
        "registry.Person",
        verbose_name=_("arrangør"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    host_workplace = models.ForeignKey(
        "registry.Workplace",
        verbose_name=_("arrangørsted"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    registration_deadline = models.DateField(_("påmeldingsfrist"), null=True, blank=True)
    # Places at a fagdag or a course: those who register beyond them wait on a list, in turn.
    capacity = models.PositiveIntegerField(_("antall plasser"), null=True, blank=True)
    # The two parts of a group meeting's agenda have their own times: guests come to part 2.
    part1_starts = models.TimeField(_("del 1 fra kl."), null=True, blank=True)
    part1_ends = models.TimeField(_("del 1 til kl."), null=True, blank=True)
    part1 = models.TextField(
        _("del 1: erfaringsutveksling"),
        blank=True,
        help_text=_("For medlemmene i gruppen, ledes av gruppelederen. Nytt fra driftsgruppen er fast punkt."),
    )
    part2_starts = models.TimeField(_("del 2 fra kl."), null=True, blank=True)
    part2_ends = models.TimeField(_("del 2 til kl."), null=True, blank=True)
    part2_title = models.CharField(_("del 2: tittel"), max_length=200, blank=True)
    part2 = models.TextField(
        _("del 2: faglig påfyll"),
        blank=True,
        help_text=_("Ledes av arrangøren. Åpen for inviterte kolleger og nærmeste ledere."),
    )
    # A fagdag, an intro course or a committee meeting has one programme of its own, not the
    # group meeting's two parts.
    programme = models.TextField(_("program"), blank=True)
    topics = models.ManyToManyField(CompetenceTopic, verbose_name=_("temaer i kompetanseplanen"), blank=True)
    minute_taker = models.ForeignKey(
        "registry.Person",
        verbose_name=_("referent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Seed 001: "Representanter fra driftsgruppen skal delta på nettverksmøtene".
    operations_representative = models.ForeignKey(
        "registry.Person",
        verbose_name=_("representant fra driftsgruppen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attendance_recorded_at = models.DateTimeField(_("oppmøte registrert"), null=True, blank=True)
    # The counts as the sheet was last saved: they change only when someone saves it again.
    attendance_counts = models.JSONField(_("oppmøtetall da listen ble lagret"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()

    # What the audit log records of a meeting besides its fields: why its host was replaced.
    audit_labels = {
        "reason": _("begrunnelse"),
        "without_email": _("innkalte uten e-postadresse"),
        "on_leave": _("ikke innkalt: permisjon på møtedagen"),
    }

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        # A network's meetings of a period (its year, its first meeting) without reading all of them.
        indexes = [models.Index(fields=["network", "starts_at"], name="meetings_of_network_by_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="group", local_group__isnull=False, committee__isnull=True)
                | (Q(local_group__isnull=True, committee__isnull=False) & ~Q(kind="group")),
                name="meeting_of_group_or_committee",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {date_format(timezone.localtime(self.starts_at), 'DATE_FORMAT')}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def organiser(self):
        return self.local_group or self.committee

    @property
    def is_mandatory_group_meeting(self) -> bool:
        """The group meetings whose absences count towards a follow-up (seed 000)."""
        return self.kind == self.Kind.GROUP

    def on_the_day(self, time: dt.time | None, default: dt.datetime) -> dt.datetime:
        """A time of the agenda as a moment on the meeting's day; `default` when not set."""
        if time is None:
            return default
        return dt.datetime.combine(timezone.localdate(self.starts_at), time, timezone.get_current_timezone())

    @property
    def guest_starts_at(self) -> dt.datetime:
        """When guests come: part 2, which is open to them (seed 001), else the meeting."""
        return self.on_the_day(self.part2_starts, self.starts_at)

    @property
    def guest_ends_at(self) -> dt.datetime:
        return self.on_the_day(self.part2_ends, self.ends_at)


class DeadlineStep(models.Model):
    """One step of a meeting's deadline chain: who owns it, when it is due, when it was done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("steg"), max_length=40)
    due_on = models.DateField(_("frist"))
    done_at = models.DateTimeField(_("utført"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("utført av"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # The day this open step's next reminder or escalation falls due; empty when none is left.
    # The periodic job looks only at steps whose day has come, however long it was stopped.
    next_notice_on = models.DateField(_("neste varsel"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("frist")
        verbose_name_plural = _("frister")
        constraints = [models.UniqueConstraint(fields=["meeting", "step"], name="one_step_of_each_kind")]
        indexes = [models.Index(fields=["done_at", "due_on"], name="open_steps_idx")]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.step} {self.due_on}"


class HostChange(models.Model):
    """Who hosts a meeting, from when: the history of hosts, including withdrawals."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="host_changes")
    host = models.ForeignKey(
        "registry.Person", verbose_name=_("arrangør"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    host_workplace = models.ForeignKey(
        "registry.Workplace",
        verbose_name=_("arrangørsted"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("begrunnelse"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("endret"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("arrangørbytte")
        verbose_name_plural = _("arrangørbytter")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.host or self.host_workplace}"


class InvitationTemplate(models.Model):
    """The network's standard invitation text, which a host's draft starts from."""

    network = models.OneToOneField(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="invitation_template"
    )
    body = models.TextField(_("standardtekst i innkallingen"))
    version = models.PositiveIntegerField(default=0, editable=False)  # rises with every save

    class Meta:
        verbose_name = _("innkallingsmal")
        verbose_name_plural = _("innkallingsmaler")

    def __str__(self) -> str:
        return str(self.network)


class Invitation(models.Model):
    """The invitation to a meeting: drafted by the host, reviewed and sent by the secretariat."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt til sekretariatet")
        SENT = "sent", _("Sendt ut")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="invitation")
    text = models.TextField(_("tekst"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=0, editable=False)  # rises with every save
    submitted_at = models.DateTimeField(_("sendt til sekretariatet"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt ut"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The personal e-mails go into the outbox from a background task once it is sent: how many
    # are to go, how many are in the outbox so far, and when the last went in with the copy.
    mails_total = models.PositiveIntegerField(null=True, blank=True, editable=False)
    mails_queued = models.PositiveIntegerField(default=0, editable=False)
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("innkalling")
        verbose_name_plural = _("innkallinger")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_status_display()}"


class Registration(models.Model):
    """A participant of a meeting and their answer: registered, notice of absence, or none
    yet. No reason for an absence is ever stored (it may be health data)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Medlem")
        GUEST = "guest", _("Gjest")

    class Answer(models.TextChoices):
        NONE = "none", _("Ikke svart")
        REGISTERED = "registered", _("Påmeldt")
        ABSENT = "absent", _("Meldt forfall")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.MEMBER)
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    guest_name = models.CharField(_("navn"), max_length=200, blank=True)
    guest_email = models.EmailField(_("e-post"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Attendance(models.TextChoices):
        PRESENT = "present", _("Til stede")
        NOTICE = "notice", _("Fravær med forfall")
        ABSENT = "absent", _("Fravær uten forfall")

    answer = models.CharField(_("svar"), max_length=12, choices=Answer.choices, default=Answer.NONE)
    answered_at = models.DateTimeField(_("svart"), null=True, blank=True)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)
    # Registered while every place was taken: waits in turn (by this time) for a place.
    waitlisted_at = models.DateTimeField(_("på venteliste fra"), null=True, blank=True)
    # What happened on the day, marked by the host or the group leader; empty until then.
    attendance = models.CharField(_("oppmøte"), max_length=10, choices=Attendance.choices, blank=True)

    class Meta:
        ordering = ["kind", "guest_name", "person__family_name"]
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="one_registration_per_person"
            ),
            models.UniqueConstraint(
                fields=["meeting", "guest_email"], condition=Q(kind="guest"), name="one_registration_per_guest"
            ),
            models.CheckConstraint(
                condition=Q(kind="member", person__isnull=False) | Q(kind="guest"), name="members_are_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.name}"

    @property
    def name(self) -> str:
        return self.person.full_name if self.person_id else self.guest_name

    @property
    def email(self) -> str:
        return (self.person.email or "") if self.person_id else self.guest_email


class AttendanceChange(models.Model):
    """Every mark of attendance, first marks and late corrections alike: the history."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendance_changes")
    attendance = models.CharField(_("oppmøte"), max_length=10, choices=Registration.Attendance.choices)
    previous = models.CharField(_("før"), max_length=10, choices=Registration.Attendance.choices, blank=True)
    changed_at = models.DateTimeField(_("endret"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("endret av"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("endring av oppmøte")
        verbose_name_plural = _("endringer av oppmøte")

    def __str__(self) -> str:
        return f"{self.registration}: {self.previous or '-'} → {self.attendance}"


class MinutesTemplate(models.Model):
    """The network's minutes template: the guiding text a draft starts from, and the Word
    document (.docx) the minutes are written into."""

    network = models.OneToOneField(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="minutes_template"
    )
    body = models.TextField(_("veiledning til referenten"), blank=True)
    docx = models.BinaryField(_("Word-mal"), null=True, blank=True)
    docx_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("endret"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=0, editable=False)  # rises with every save

    class Meta:
        verbose_name = _("referatmal")
        verbose_name_plural = _("referatmaler")

    def __str__(self) -> str:
        return str(self.network)


class Minutes(models.Model):
    """The minutes of a meeting (seeds 000, 001): drafted with the meeting's facts, written by
    the minute-taker or the group leader, reviewed by the secretariat, then sent by rule."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt til sekretariatet")
        CHANGES_REQUESTED = "changes", _("Sendt tilbake for endringer")
        APPROVED = "approved", _("Godkjent og sendt ut")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    part1 = models.TextField(_("del 1: erfaringsutveksling"), blank=True)
    part2 = models.TextField(_("del 2: faglig påfyll"), blank=True)
    agreements = models.TextField(_("avtaler og oppfølging"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_note = models.TextField(_("sekretariatets merknad"), blank=True)
    submitted_at = models.DateTimeField(_("sendt til sekretariatet"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The meeting's facts as they stood when the minutes were approved and sent: the minutes
    # stay the document that was sent, whatever is corrected on the meeting afterwards.
    facts_as_sent = models.JSONField(
        _("fakta da referatet ble sendt"), null=True, blank=True, editable=False, encoder=DjangoJSONEncoder
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    # What the audit log records of sending the minutes out, besides their fields.
    audit_labels = {
        "readers": _("sendt til medlemmer og deltakere"),
        "copies": _("kopier sendt"),
        "leaders": _("sendt til nærmeste ledere"),
    }

    class Meta:
        verbose_name = _("referat")
        verbose_name_plural = _("referater")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_status_display()}"


class FollowUp(models.Model):
    """A member absent more than the policy allows in a year (seed 000): owned by the group
    leader, who records what was agreed and closes it. Never the reason for the absence."""

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    local_group = models.ForeignKey(
        "registry.LocalGroup", verbose_name=_("lokalgruppe"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    absences = models.PositiveSmallIntegerField(_("fravær da oppfølgingen ble åpnet"))
    opened_at = models.DateTimeField(_("åpnet"), default=timezone.now)
    agreed = models.TextField(
        _("hva som ble avtalt"),
        blank=True,
        help_text=_("Skriv hva dere ble enige om. Skriv ikke årsaken til fraværet: den kan være helseopplysninger."),
    )
    leader_informed_at = models.DateTimeField(_("nærmeste leder orientert"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    # What the audit log records of a follow-up besides its fields: who was told of it.
    audit_labels = {"nearest_leader": _("nærmeste leder")}

    class Meta:
        ordering = ["-year", "opened_at"]
        verbose_name = _("oppfølging av fravær")
        verbose_name_plural = _("oppfølginger av fravær")
        constraints = [
            models.UniqueConstraint(fields=["network", "person", "year"], name="one_follow_up_per_member_and_year")
        ]
        indexes = [models.Index(fields=["local_group", "closed_at"], name="open_follow_ups_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:follow_up", args=[self.pk])
