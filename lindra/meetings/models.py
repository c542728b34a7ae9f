"""Meetings of local groups and committees. This first cut holds what roles need: the host."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")


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

    @property
    def organiser(self):
        return self.local_group or self.committee
