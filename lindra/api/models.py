"""The tokens other systems read Lindra's API with: one network, some scopes, read only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    GROUPS = "groups", _("Nettverk og lokalgrupper")
    PEOPLE = "people", _("Navnelister med nærmeste leder")
    MEETINGS = "meetings", _("Møter med tall for innkalte, påmeldte og oppmøte")
    REPORTS = "reports", _("Årsrapportens tall")


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A token made by the secretariat for a system around Lindra. The secret is shown once,
    when made; Lindra keeps only its SHA-256 (lindra.api.rules)."""

    network = models.ForeignKey(
        "registry.Network", verbose_name=_("nettverk"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=200)
    scopes = models.JSONField(_("tilganger"), default=list)
    key = models.CharField(_("nøkkel-ID"), max_length=16, unique=True, editable=False)
    secret_digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("laget av"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trukket tilbake av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["network", "-created_at", "-pk"]
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"

    @property
    def actor_label(self) -> str:
        """Who the audit log says acted: the token by its name and key, never its secret."""
        return str(_("API-nøkkel %(token)s") % {"token": self})

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels[scope]) for scope in Scope.values if scope in self.scopes]
