from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Anonymisation(models.Model):
    """That a person's personal data was taken out, when and why. It names no one: the person
    row it points to holds no name, e-mail or phone number any more."""

    class Reason(models.TextChoices):
        RETENTION = "retention", _("Oppbevaringstiden er ute")
        ERASED = "erased", _("Slettet av sekretariatet")

    person = models.OneToOneField(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="anonymisation"
    )
    at = models.DateTimeField(_("anonymisert"), default=timezone.now)
    reason = models.CharField(_("grunn"), max_length=10, choices=Reason.choices)

    class Meta:
        verbose_name = _("anonymisering")
        verbose_name_plural = _("anonymiseringer")

    def __str__(self) -> str:
        return f"{self.person_id} {self.at:%Y-%m-%d}"
