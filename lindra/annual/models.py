"""The annual cycle of a network: the yearly questionnaire and its answers, the annual report,
the network's plans and documents, deviations, news, the public page and the operations
groups' reports to the steering group."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindra.registry.models import Profession

# ---------------------------------------------------------------------------------------------
# The yearly electronic reporting (seed 004: "Svare på årlig elektronisk rapportering om sin
# funksjon").


class Questionnaire(models.Model):
    """A network's questionnaire for a year: built, or copied from last year's, or the standard
    one; opens and closes on dates."""

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="questionnaires"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("tittel"), max_length=200)
    introduction = models.TextField(_("innledning"), blank=True)
    opens_on = models.DateField(_("åpner"))
    closes_on = models.DateField(_("stenger"))
    # Chosen before anyone is asked; then nobody in Lindra can tie an answer to a person.
    anonymous = models.BooleanField(_("anonym"), default=False)
    include_leaders = models.BooleanField(_("send også til nærmeste ledere"), default=False)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("kopiert fra"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the invitations were sent; the questions are fixed from then.
    sent_at = models.DateTimeField(_("sendt ut"), null=True, blank=True)
    made_at = models.DateTimeField(_("laget"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["network", "-year", "-opens_on"]
        verbose_name = _("spørreskjema")
        verbose_name_plural = _("spørreskjemaer")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="closes_after_opens")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("annual:questionnaire", args=[self.pk])


class QuestionnaireReminder(models.Model):
    """A day on which those who have not answered are reminded, once each."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="reminders")
    on = models.DateField(_("påminnelse"))
    # When the reminder went, or was passed over (a day missed before a later one, or after
    # closing): each day is handled once.
    done_at = models.DateTimeField(_("sendt"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["questionnaire", "on"]
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [models.UniqueConstraint(fields=["questionnaire", "on"], name="reminder_once_per_day")]

    def __str__(self) -> str:
        return f"{self.questionnaire} {self.on}"


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=1)
    title = models.CharField(_("overskrift"), max_length=200)
    help_text = models.TextField(_("forklaring"), blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)  # rises with every save

    class Meta:
        ordering = ["questionnaire", "position", "id"]
        verbose_name = _("del")
        verbose_name_plural = _("deler")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Ett valg")
        MULTIPLE = "multiple", _("Flere valg")
        SCALE = "scale", _("Skala")
        NUMBER = "number", _("Tall")
        TEXT = "text", _("Fritekst")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=1)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("spørsmål"), max_length=500)
    help_text = models.CharField(_("forklaring"), max_length=500, blank=True)
    required = models.BooleanField(_("må besvares"), default=False)
    # Single and multiple choice: the choices, in order.
    choices = models.JSONField(_("svaralternativer"), default=list, blank=True)
    scale_min = models.SmallIntegerField(_("skala fra"), default=1)
    scale_max = models.SmallIntegerField(_("skala til"), default=5)
    scale_min_label = models.CharField(_("tekst ved laveste verdi"), max_length=100, blank=True)
    scale_max_label = models.CharField(_("tekst ved høyeste verdi"), max_length=100, blank=True)
    # Shown only after a given answer to an earlier question.
    shown_if = models.ForeignKey(
        "self",
        verbose_name=_("vises bare etter svar på"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shown_if_answer = models.CharField(_("svaret som viser spørsmålet"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)  # rises with every save

    class Audience(models.TextChoices):
        EVERYONE = "all", _("Alle")
        MEMBERS = "member", _("Medlemmene")
        LEADERS = "leader", _("Nærmeste ledere")

    # Whom the question is for, when nearest leaders are asked too (the values of Respondent.Role).
    audience = models.CharField(_("spørsmål til"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)

    class Meta:
        ordering = ["section__position", "position", "id"]
        verbose_name = _("spørsmål")
        verbose_name_plural = _("spørsmål")

    def __str__(self) -> str:
        return self.text


class Respondent(models.Model):
    """Someone asked to answer: a member (by membership) or a nearest leader. It records that
    they were asked, reminded and have answered, never what they answered when the
    questionnaire is anonymous."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Medlem")
        LEADER = "leader", _("Nærmeste leder")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="respondents")
    role = models.CharField(_("rolle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    person = models.ForeignKey("registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(
        "registry.Membership",
        verbose_name=_("medlemskap"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The local group at the time of asking, for the response rate per group.
    local_group = models.ForeignKey(
        "registry.LocalGroup",
        verbose_name=_("lokalgruppe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invitert"), null=True, blank=True)
    # Only the day, so that it cannot be matched against an anonymous answer's time.
    answered_on = models.DateField(_("svart"), null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "id"]
        verbose_name = _("mottaker av spørreskjema")
        verbose_name_plural = _("mottakere av spørreskjema")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "person", "role"], name="respondent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire}: {self.person}"


class Response(models.Model):
    """One filled-in questionnaire. Tied to its respondent only when the questionnaire is not
    anonymous; the breakdown facts are copied so that results can be filtered either way."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    respondent = models.OneToOneField(
        Respondent, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    # For an anonymous draft: a hash of the key only its respondent's browser holds.
    resume_key_hash = models.CharField(max_length=128, blank=True, db_index=True)
    role = models.CharField(_("rolle"), max_length=10, choices=Respondent.Role.choices, default=Respondent.Role.MEMBER)
    local_group = models.ForeignKey(
        "registry.LocalGroup",
        verbose_name=_("lokalgruppe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    profession = models.CharField(_("yrke"), max_length=2, choices=Profession.choices, blank=True)
    workplace_kind = models.CharField(_("type arbeidssted"), max_length=20, blank=True)
    finished = models.BooleanField(_("levert"), default=False)

    class Meta:
        ordering = ["questionnaire", "id"]
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")

    def __str__(self) -> str:
        return str(self.questionnaire)


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # A string (single choice, text), a list of strings (multiple choice) or a number.
    value = models.JSONField(_("svar"))

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self) -> str:
        return str(self.question)


# ---------------------------------------------------------------------------------------------
# Plans and documents (seed 003): the competence plan, the strategy/action plan, the network
# agreement, the year plan. Function descriptions stay in development and are listed beside.


class Document(models.Model):
    class Kind(models.TextChoices):
        COMPETENCE_PLAN = "kompetanseplan", _("Kompetanseplan")
        ACTION_PLAN = "handlingsplan", _("Strategi- og handlingsplan")
        AGREEMENT = "avtale", _("Nettverksavtale")
        YEAR_PLAN = "arsplan", _("Årsplan")
        OTHER = "annet", _("Annet dokument")

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tittel"), max_length=200)
    # The year plan and the action plan are for a year or a period; empty for standing ones.
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    public = models.BooleanField(_("vises på den offentlige siden"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["network", "kind", "-year", "title"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("annual:document", args=[self.pk])


class DocumentVersion(models.Model):
    """One version of a document: written in Lindra or uploaded, approved on a date, with the
    date of its next revision (seed 003 §6)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versjon"))
    body = models.TextField(_("tekst"), blank=True)
    file = models.BinaryField(_("fil"), null=True, blank=True)
    filename = models.CharField(_("filnavn"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    approved_on = models.DateField(_("godkjent"), null=True, blank=True)
    approved_by_text = models.CharField(_("godkjent av"), max_length=200, blank=True)
    next_revision_on = models.DateField(_("neste revisjon"), null=True, blank=True)
    # When the working group was told that the revision is due: once.
    revision_reminded_at = models.DateTimeField(_("påminnet om revisjon"), null=True, blank=True)
    made_at = models.DateTimeField(_("laget"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("dokumentversjon")
        verbose_name_plural = _("dokumentversjoner")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_once")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


# ---------------------------------------------------------------------------------------------
# Deviations (avvik, seed 000): reported by anyone in the network, handled by the group leader,
# escalated to the operations group, closed with the measure taken.


class Deviation(models.Model):
    class Status(models.TextChoices):
        REPORTED = "reported", _("Meldt")
        ESCALATED = "escalated", _("Sendt til driftsgruppen")
        CLOSED = "closed", _("Lukket")

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="deviations"
    )
    local_group = models.ForeignKey(
        "registry.LocalGroup",
        verbose_name=_("lokalgruppe"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deviations",
    )
    committee = models.ForeignKey(
        "registry.Committee",
        verbose_name=_("driftsgruppe"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deviations",
    )
    reported_by = models.ForeignKey(
        "registry.Person",
        verbose_name=_("meldt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("kort beskrivelse"), max_length=200)
    description = models.TextField(_("hva skjedde"))
    happened_on = models.DateField(_("når skjedde det"), null=True, blank=True)
    reported_at = models.DateTimeField(_("meldt"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REPORTED)
    # Whoever handles it now must answer by this day; the reminder goes once per deadline.
    due_on = models.DateField(_("frist"), null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(_("sendt til driftsgruppen"), null=True, blank=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    closed_locally = models.BooleanField(_("løst lokalt"), default=False)
    measure = models.TextField(_("tiltak"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("avvik")
        verbose_name_plural = _("avvik")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("annual:deviation", args=[self.pk])


class DeviationStep(models.Model):
    """What happened to a deviation, step by step; the reporter is told of each."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Meldt")
        COMMENT = "comment", _("Kommentar")
        ESCALATED = "escalated", _("Sendt til driftsgruppen")
        CLOSED = "closed", _("Lukket")
        REOPENED = "reopened", _("Åpnet igjen")

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("steg"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("tekst"), blank=True)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["deviation", "at", "id"]
        verbose_name = _("steg i avvik")
        verbose_name_plural = _("steg i avvik")

    def __str__(self) -> str:
        return f"{self.deviation}: {self.get_kind_display()}"


# ---------------------------------------------------------------------------------------------
# News to the network (seed 003: "Formidle aktuelle nyheter til nettverket").


class NewsItem(models.Model):
    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="news"
    )
    # Empty: the whole network.
    local_groups = models.ManyToManyField(
        "registry.LocalGroup", verbose_name=_("lokalgrupper"), blank=True, related_name="news"
    )
    committee = models.ForeignKey(
        "registry.Committee",
        verbose_name=_("fra utvalget"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("overskrift"), max_length=200)
    body = models.TextField(_("tekst"))
    public = models.BooleanField(_("vises på den offentlige siden"), default=False)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    # When the e-mails were queued: once.
    mailed_at = models.DateTimeField(_("sendt på e-post"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("endret"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("annual:news_item", args=[self.pk])


class NewsOptOut(models.Model):
    """A person who does not want news by e-mail (they still see it on their home page)."""

    person = models.OneToOneField("registry.Person", on_delete=models.CASCADE, related_name="news_opt_out")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reservasjon mot nyheter på e-post")
        verbose_name_plural = _("reservasjoner mot nyheter på e-post")

    def __str__(self) -> str:
        return str(self.person)


# ---------------------------------------------------------------------------------------------
# The public page (seed 003: the network's own pages, "hvem som sitter i arbeidsgruppen,
# planer, årsrapport og liknende"): opt-in per item.


class PublicPage(models.Model):
    network = models.OneToOneField("registry.Network", on_delete=models.CASCADE, related_name="public_page")
    slug = models.SlugField(_("adresse"), max_length=60, unique=True)
    published = models.BooleanField(_("siden er åpen"), default=False)
    introduction = models.TextField(_("innledning"), blank=True)
    show_committees = models.BooleanField(_("vis utvalgenes medlemmer og roller"), default=False)
    show_documents = models.BooleanField(_("vis dokumenter merket offentlige"), default=False)
    show_reports = models.BooleanField(_("vis publiserte årsrapporter"), default=False)
    show_fagdag = models.BooleanField(_("vis neste fagdag"), default=False)
    show_news = models.BooleanField(_("vis nyheter merket offentlige"), default=False)
    updated_at = models.DateTimeField(_("endret"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("offentlig side")
        verbose_name_plural = _("offentlige sider")

    def __str__(self) -> str:
        return str(self.network)

    def get_absolute_url(self) -> str:
        return reverse("annual:public_page", args=[self.slug])


# ---------------------------------------------------------------------------------------------
# The annual report (årsrapport) of a network for a year.


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publisert")

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    # The figures as they were when published: a published report does not change under its readers.
    published_figures = models.JSONField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["network", "-year"]
        verbose_name = _("årsrapport")
        verbose_name_plural = _("årsrapporter")
        constraints = [models.UniqueConstraint(fields=["network", "year"], name="annual_report_once_per_year")]

    def __str__(self) -> str:
        return f"{self.network} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("annual:report", args=[self.network_id, self.year])


class ReportText(models.Model):
    """One saved version of a narrative section the secretariat writes; the newest is the
    section's text, earlier ones are kept."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="texts")
    section = models.CharField(_("del"), max_length=40)
    number = models.PositiveSmallIntegerField(_("versjon"))
    body = models.TextField(_("tekst"), blank=True)
    made_at = models.DateTimeField(_("lagret"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report", "section", "-number"]
        verbose_name = _("tekst i årsrapport")
        verbose_name_plural = _("tekster i årsrapport")
        constraints = [models.UniqueConstraint(fields=["report", "section", "number"], name="report_text_version_once")]

    def __str__(self) -> str:
        return f"{self.report}: {self.section} v{self.number}"


class ReportRecipient(models.Model):
    """Someone on the list the secretariat keeps for the annual report (the collaboration
    committee, heads of units, ...)."""

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="report_recipients"
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-postadresse"))
    note = models.CharField(_("hvem er det"), max_length=200, blank=True)

    class Meta:
        ordering = ["network", "name"]
        verbose_name = _("mottaker av årsrapporten")
        verbose_name_plural = _("mottakere av årsrapporten")
        constraints = [models.UniqueConstraint(fields=["network", "email"], name="report_recipient_once")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ReportDispatch(models.Model):
    """The report sent to the list, and to the members if chosen."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="dispatches")
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_members = models.BooleanField(_("også til medlemmene"), default=False)
    count = models.PositiveIntegerField(_("antall mottakere"), default=0)

    class Meta:
        ordering = ["report", "-sent_at"]
        verbose_name = _("utsending av årsrapport")
        verbose_name_plural = _("utsendinger av årsrapport")

    def __str__(self) -> str:
        return f"{self.report} {self.sent_at:%Y-%m-%d}"


class ReportRender(models.Model):
    """The PDF of a report, made in the background with its progress shown."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="renders")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failed = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["report", "-requested_at"]
        verbose_name = _("PDF av årsrapport")
        verbose_name_plural = _("PDF-er av årsrapport")

    def __str__(self) -> str:
        return f"{self.report} {self.requested_at:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------------------------------------
# The operations groups' reports to the steering group (seed 000: "Driftsgruppenes ledere
# rapporterer til styringsgruppen").


class SteeringReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SENT = "sent", _("Sendt")

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="steering_reports"
    )
    committee = models.ForeignKey(
        "registry.Committee", verbose_name=_("driftsgruppe"), on_delete=models.PROTECT, related_name="steering_reports"
    )
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    text = models.TextField(_("rapport"), blank=True)
    # The figures drawn from Lindra when it was sent, kept as they were.
    figures = models.JSONField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("endret"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["network", "-period_end"]
        verbose_name = _("rapport til styringsgruppen")
        verbose_name_plural = _("rapporter til styringsgruppen")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="steering_period_order")
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.period_start}–{self.period_end}"

    def get_absolute_url(self) -> str:
        return reverse("annual:steering_report", args=[self.pk])
