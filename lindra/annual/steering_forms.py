"""The form of a report to the steering group."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lindra.core.forms import VersionedForm, date_field


class SteeringReportForm(VersionedForm):
    period_start = date_field(_("Fra"))
    period_end = date_field(_("Til"))
    text = forms.CharField(
        label=_("Rapport"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Kort om perioden: hva driftsgruppen har gjort, hva som gikk bra, hva styringsgruppen bør vite "
            "eller ta stilling til. Tallene fra Lindra legges ved."
        ),
    )

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committees is not None:
            self.fields["committee"] = forms.TypedChoiceField(
                label=_("Utvalg"), choices=[(c.pk, c.name) for c in committees], coerce=int
            )
            self.order_fields(["committee", "period_start", "period_end", "text"])
