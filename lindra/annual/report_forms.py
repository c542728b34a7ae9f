"""Forms of the annual report: a narrative section, the recipients' list, sending."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lindra.annual.models import ReportRecipient
from lindra.core.forms import VersionedForm


class ReportTextForm(VersionedForm):
    body = forms.CharField(
        label=_("Tekst"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Tomme linjer skiller avsnitt."),
    )


class RecipientForm(forms.ModelForm):
    class Meta:
        model = ReportRecipient
        fields = ["name", "email", "note"]
        help_texts = {"note": _("For eksempel: samarbeidsutvalget, avdelingsleder, kommuneoverlege.")}

    def validate_unique(self) -> None:
        """The service says when the address is on the list already, with the address."""


class SendForm(forms.Form):
    to_members = forms.BooleanField(
        label=_("Send også til alle nåværende medlemmer av nettverket"),
        required=False,
    )
