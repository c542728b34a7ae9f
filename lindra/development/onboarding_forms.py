"""The onboarding forms: the welcome letter template and the upload of a function description."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lindra.core.forms import VersionedForm, date_field
from lindra.registry.models import Profession


class WelcomeTemplateForm(VersionedForm):
    body = forms.CharField(
        label=_("Teksten i velkomstbrevet"),
        widget=forms.Textarea(attrs={"rows": 18, "data-width": "full"}),
        help_text=_(
            "Skriv flettekodene med doble krøllparenteser, for eksempel {{ fornavn }}. Lindra setter inn "
            "opplysningene den dagen brevet sendes."
        ),
        error_messages={"required": _("Skriv teksten i velkomstbrevet.")},
    )


class FunctionDescriptionForm(forms.Form):
    profession = forms.ChoiceField(
        label=_("Gjelder for"),
        choices=[("", _("Alle yrker")), *Profession.choices],
        required=False,
        help_text=_("Velg yrket når nettverket har egne beskrivelser, f.eks. for fysio- og ergoterapeuter."),
    )
    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        error_messages={"required": _("Skriv tittelen på funksjonsbeskrivelsen.")},
    )
    approved_on = date_field(_("Godkjent"), help_text=_("Datoen nettverket godkjente denne utgaven."))
    pdf = forms.FileField(
        label=_("Funksjonsbeskrivelsen (PDF)"),
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        help_text=_("Høyst 10 MB."),
        error_messages={"required": _("Velg PDF-filen med funksjonsbeskrivelsen.")},
    )
