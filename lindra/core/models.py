"""The audit log: an append-only record of sign-ins, refused access and changes to people."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", _("Innlogging")
    SIGN_IN_FAILED = "sign_in_failed", _("Mislykket innlogging")
    SIGN_IN_BLOCKED = "sign_in_blocked", _("Innlogging sperret")
    SIGN_IN_LINK_SENT = "sign_in_link_sent", _("Innloggingslenke sendt")
    SIGN_OUT = "sign_out", _("Utlogging")
    PASSWORD_CHANGED = "password_changed", _("Passord endret")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Nytt passord bedt om")
    ACCESS_REFUSED = "access_refused", _("Tilgang nektet")
    CREATED = "created", _("Opprettet")
    CHANGED = "changed", _("Endret")
    DELETED = "deleted", _("Slettet")
    VIEWED = "viewed", _("Åpnet")
    EXPORTED = "exported", _("Utlevert")
    ERASED = "erased", _("Personopplysninger slettet")
    ANONYMISED = "anonymised", _("Anonymisert")
    REDACTED = "redacted", _("Logg renset for personopplysninger")
    SIGN_IN_REFUSED = "sign_in_refused", _("Innlogging avvist")
    TWO_FACTOR_FAILED = "two_factor_failed", _("Feil engangskode")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _("Tofaktorinnlogging slått på")
    TWO_FACTOR_DISABLED = "two_factor_disabled", _("Tofaktorinnlogging slått av")


class AuditEventQuerySet(models.QuerySet):
    def for_networks(self, network_ids):
        return self.filter(network_id__in=network_ids)

    def recent_failures(self, *, since, target: str = "", ip: str = ""):
        failures = self.filter(action=AuditAction.SIGN_IN_FAILED, at__gte=since)
        if target:
            failures = failures.filter(target=target)
        if ip:
            failures = failures.filter(ip=ip)
        return failures

    def update(self, **kwargs):
        raise ValueError("The audit log is append-only.")

    def redact_rows(self, rows: list["AuditEvent"], fields: list[str]) -> None:
        """The one change the log allows: taking personal data out of entries (erasure and
        retention, GDPR art. 17). Only lindra.core.audit.redact calls it."""
        models.QuerySet(self.model, using=self.db).bulk_update(rows, fields, batch_size=500)

    def delete(self):
        raise ValueError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One thing that happened. Rows are only ever added: save() refuses to update."""

    # Set before the entry is written, so that its seal covers it.
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("utført av (navn)"), max_length=200, blank=True)
    action = models.CharField(_("handling"), max_length=40, choices=AuditAction.choices)
    # What was acted on: a model label and primary key, and a readable label that
    # survives the object being deleted. For sign-in events, the e-mail address tried.
    object_type = models.CharField(_("objekttype"), max_length=60, blank=True)
    object_id = models.CharField(_("objekt-ID"), max_length=40, blank=True)
    target = models.CharField(_("gjelder"), max_length=254, blank=True, db_index=True)
    changes = models.JSONField(_("endringer"), default=dict, blank=True)
    network = models.ForeignKey(
        "registry.Network",
        verbose_name=_("nettverk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True, db_index=True)
    path = models.CharField(_("adresse"), max_length=300, blank=True)
    # The seal (lindra.core.audit_chain): of this entry, and of the chain up to it.
    content_digest = models.CharField(_("segl"), max_length=64, blank=True, editable=False)
    chain_digest = models.CharField(_("kjedesegl"), max_length=64, blank=True, editable=False)
    # Set when personal data was taken out of the entry, by the REDACTED entry redacted_by.
    redacted_at = models.DateTimeField(_("renset"), null=True, blank=True, editable=False)
    redacted_by = models.BigIntegerField(_("renset av logglinje"), null=True, blank=True, editable=False)
    redacted_digest = models.CharField(_("segl etter rensing"), max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("logghendelse")
        verbose_name_plural = _("logg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The audit log is append-only.")
