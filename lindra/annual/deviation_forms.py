"""The forms of deviations: reporting one, and a handler's step."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lindra.annual import rules
from lindra.annual.deviations import IDENTITY_NUMBER_REFUSED, Place
from lindra.core.forms import VersionedForm, date_field

NO_PATIENT_INFORMATION = _("Skriv aldri navn, fødselsnummer eller annet som kan knytte saken til en pasient.")


def no_identity_number(text: str) -> None:
    if rules.looks_like_identity_number(text):
        raise forms.ValidationError(IDENTITY_NUMBER_REFUSED, code="identity_number")


class DeviationForm(forms.Form):
    where = forms.ChoiceField(
        label=_("Hvor gjelder det?"),
        help_text=_("Gjelder det nettverket som helhet (fagdagen, kurs, sekretariatet), går det til driftsgruppen."),
    )
    title = forms.CharField(
        label=_("Kort beskrivelse"), max_length=200, validators=[no_identity_number], help_text=NO_PATIENT_INFORMATION
    )
    description = forms.CharField(
        label=_("Hva skjedde?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[no_identity_number],
        help_text=_(
            "Beskriv hva som ikke fungerte i driften av nettverket, for eksempel en innkalling som ikke kom, "
            "et referat som mangler eller et møte som ble avlyst. "
        )
        + NO_PATIENT_INFORMATION,
    )
    happened_on = date_field(_("Når skjedde det? (valgfritt)"), required=False)

    def __init__(self, *args, places: list[Place], **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {place.value: place for place in places}
        # With one place it is the place; with more, the reporter chooses: none is chosen for them.
        choices = [(place.value, place.label) for place in places]
        if len(places) > 1:
            choices.insert(0, ("", _("Velg hvor det gjelder")))
        else:
            self.initial.setdefault("where", places[0].value)
        self.fields["where"].choices = choices

    def place(self) -> Place:
        return self.places[self.cleaned_data["where"]]


class StepForm(VersionedForm):
    """A handler's step; the button pressed (`handling`) says which."""

    text = forms.CharField(
        label=_("Kommentar eller tiltak"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_identity_number],
        help_text=_(
            "Når du lukker avviket: tiltaket som er gjort. Når du sender det videre: hvorfor det ikke løses "
            "lokalt. Aldri pasientopplysninger."
        ),
    )

    def __init__(self, *args, actions: frozenset[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions
        if actions == {rules.COMMENT}:
            self.fields["text"].label = _("Kommentar")
            self.fields["text"].help_text = _(
                "Mer om det som skjedde, eller svar til den som behandler avviket. Aldri pasientopplysninger."
            )

    def clean(self):
        data = super().clean()
        action = self.data.get("handling")
        if action not in self.actions:
            raise forms.ValidationError(_("Velg hva du vil gjøre med avviket."))
        data["action"] = action
        return data
