from django import forms
from django.utils.translation import gettext_lazy as _

from lindra.api.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        help_text=_("Hvilket system nøkkelen er til, og hvem som eier det. For eksempel: HR-systemet i Helse Bergen."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Tilganger"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Gi bare de tilgangene systemet trenger. Nøkkelen kan bare lese, aldri endre."),
        error_messages={"required": _("Velg minst én tilgang.")},
    )
