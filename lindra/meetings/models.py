"""Meetings of local groups and committees: the plan, the host, the agenda in two parts, and
the deadline chain (seeds 000, 001, 003)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")


class CompetenceTopic(models.Model):
    """A topic of the network's competence plan; part 2 of a meeting covers one or more."""

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="competence_topics"
    )
    title = models.CharField(_("tema"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    retired = models.BooleanField(_("ikke lenger i planen"), default=False)

    class Meta:
        ordering = ["network", "title"]
        verbose_name = _("tema i kompetanseplanen")
        verbose_name_plural = _("temaer i kompetanseplanen")
        constraints = [models.UniqueConstraint(fields=["network", "title"], name="topic_unique_per_network")]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
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
    part1 = models.TextField(
        _("del 1: erfaringsutveksling"),
        blank=True,
        help_text=_("For medlemmene i gruppen, ledes av gruppelederen. Nytt fra driftsgruppen er fast punkt."),
    )
    part2_title = models.CharField(_("del 2: tittel"), max_length=200, blank=True)
    part2 = models.TextField(
        _("del 2: faglig påfyll"),
        blank=True,
        help_text=_("Ledes av arrangøren. Åpen for inviterte kolleger og nærmeste ledere."),
    )
    topics = models.ManyToManyField(CompetenceTopic, verbose_name=_("temaer i kompetanseplanen"), blank=True)
    minute_taker = models.ForeignKey(
        "registry.Person",
        verbose_name=_("referent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        constraints = [
            models.CheckConstraint(
                condition=Q(local_group__isnull=False, committee__isnull=True)
                | Q(local_group__isnull=True, committee__isnull=False),
                name="meeting_of_group_or_committee",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {timezone.localtime(self.starts_at):%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def organiser(self):
        return self.local_group or self.committee


class DeadlineStep(models.Model):
    """One step of a meeting's deadline chain: who owns it, when it is due, when it was done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("steg"), max_length=40)
    due_on = models.DateField(_("frist"))
    done_at = models.DateTimeField(_("utført"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("utført av"), null=True, blank=True, on_delete=models.SET_NULL
    )

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
    submitted_at = models.DateTimeField(_("sendt til sekretariatet"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt ut"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
    answer = models.CharField(_("svar"), max_length=12, choices=Answer.choices, default=Answer.NONE)
    answered_at = models.DateTimeField(_("svart"), null=True, blank=True)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)

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
