"""The outbox: every e-mail Lindra sends is first a row here, written in the same
transaction as the change that caused it. The worker sends the rows (lindra.mail.delivery)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=now or timezone.now())


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")

    created_at = models.DateTimeField(_("opprettet"), default=timezone.now, db_index=True)
    kind = models.CharField(_("type"), max_length=60)
    # A key that makes a message unique, e.g. "reminder:step:17:1": a second attempt to
    # queue the same message is ignored, so reminders are idempotent.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    to = models.JSONField(_("til"))
    cc = models.JSONField(_("kopi"), default=list, blank=True)
    reply_to = models.JSONField(_("svar til"), default=list, blank=True)
    subject = models.CharField(_("emne"), max_length=300)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    network = models.ForeignKey(
        "registry.Network",
        verbose_name=_("nettverk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    last_error = models.TextField(_("siste feil"), blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return self.subject


class OutboxBlob(models.Model):
    """The content of an attachment, stored once however many messages carry it: an invitation
    to every member of a network refers to one PDF and one calendar file. Found by its SHA-256."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    content = models.BinaryField()
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.sha256


class OutboxAttachment(models.Model):
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    mimetype = models.CharField(max_length=100)
    blob = models.ForeignKey(OutboxBlob, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.filename
