"""Forms of reporting back and competence activities."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lindra.core.forms import VersionedForm, date_field
from lindra.development.models import CompetenceActivity

LEADER = "leader"
COLLEAGUES = "colleagues"
TOO_MANY_HOURS = _("Så mange timer blir det ikke. Sjekk antall timer.")
TO_WHOM_REQUIRED = _("Kryss av for hvem du ga referat til: nærmeste leder, kolleger eller begge.")


class ReportBackForm(forms.Form):
    reported_on = date_field(_("Når ga du referat?"))
    to_whom = forms.MultipleChoiceField(
        label=_("Til hvem?"),
        choices=[(LEADER, _("Nærmeste leder")), (COLLEAGUES, _("Kolleger"))],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": TO_WHOM_REQUIRED},
    )
    how = forms.CharField(
        label=_("Hvordan?"),
        required=False,
        max_length=300,
        help_text=_("For eksempel: på personalmøtet, i internundervisningen, i en samtale med lederen."),
    )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "reported_on": data["reported_on"],
            "to_leader": LEADER in data["to_whom"],
            "to_colleagues": COLLEAGUES in data["to_whom"],
            "how": data["how"].strip(),
        }

    @staticmethod
    def initial_for(report) -> dict:
        to_whom = [LEADER] * report.to_leader + [COLLEAGUES] * report.to_colleagues
        return {"reported_on": report.reported_on, "to_whom": to_whom, "how": report.how}


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=CompetenceActivity.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Hva"),
        max_length=200,
        help_text=_("For eksempel: Hospitering ved palliativ enhet, eller navnet på kurset."),
    )
    place = forms.CharField(label=_("Hvor"), max_length=200, required=False)
    starts_on = date_field(_("Fra"))
    ends_on = date_field(_("Til"), required=False, help_text=_("Tomt når aktiviteten var én dag."))
    hours = forms.DecimalField(
        label=_("Timer"),
        max_digits=6,
        decimal_places=1,
        localize=True,
        help_text=_("Hele timer eller med én desimal, for eksempel 7,5."),
        error_messages={
            "required": _("Skriv hvor mange timer aktiviteten varte."),
            "invalid": _("Skriv antall timer som et tall, for eksempel 7,5."),
            "max_decimal_places": _("Skriv timene med høyst én desimal, for eksempel 7,5."),
            "max_digits": TOO_MANY_HOURS,
            "max_whole_digits": TOO_MANY_HOURS,
        },
    )
    description = forms.CharField(
        label=_("Beskrivelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva du lærte, og hvordan du deler det med kollegene. Skriv ingen pasientopplysninger."),
    )

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("kind", "starts_on", "ends_on", "hours")} | {
            name: data[name].strip() for name in ("title", "place", "description")
        }


class ChangeActivityForm(ActivityForm, VersionedForm):
    pass


class ConfirmActivityForm(VersionedForm):
    """The leader confirms the activity as the page showed it (its version)."""
