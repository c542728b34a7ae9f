"""Forms of people over time."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lindra.core.forms import VersionedForm
from lindra.meetings.forms import MeetingTimesForm, TimeInput

# --- Terms: recording the choice of the next group leader ------------------------------------


class LeaderChoiceForm(forms.Form):
    """Who was chosen, among the members ranked by the fair suggestion (best first), and at
    which of the group's meetings, if any."""

    person = forms.TypedChoiceField(label=_("Ny gruppeleder"), coerce=int, widget=forms.RadioSelect)
    meeting = forms.ModelChoiceField(
        label=_("Valgt på møtet"),
        queryset=None,
        required=False,
        empty_label=_("Ikke valgt på et møte"),
        help_text=_("Er valget gjort på et møte i gruppen, nevnes det i referatet fra møtet."),
    )
    confirm = forms.BooleanField(label=_("Registrer valget likevel"), required=False)

    def __init__(self, *args, choices: list[tuple[int, str]], meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = choices
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.title}, {date_format(timezone.localtime(m.starts_at), 'DATE_FORMAT')}"
        )

    @property
    def needs_confirmation(self) -> bool:
        """The confirmation is asked for once a warning has been shown."""
        return "confirm" in self.errors or bool(self.data.get("confirm"))


# --- Work plans ----------------------------------------------------------------------------


class WorkPlanForm(VersionedForm):
    """The member's plan for the year; the labels say what each part is for (seed 004)."""

    goals = forms.CharField(
        label=_("Mål for året"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva vil du oppnå som ressursperson i år? Ta utgangspunkt i nettverkets år og kompetanseplanen."),
    )
    activities = forms.CharField(
        label=_("Hva jeg skal gjøre"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Møter og fagdag du deltar på, undervisning og veiledning av kolleger, hospitering, kurs."),
    )
    workplace_needs = forms.CharField(
        label=_("Behov på arbeidsstedet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva trenger pasientene, de pårørende og kollegene dine på arbeidsstedet?"),
    )
    support = forms.CharField(
        label=_("Hva jeg trenger fra lederen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tid, fri til samlinger, kurs eller annen tilrettelegging."),
    )


class LeaderAnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Hva bør endres?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv en merknad når du ber om endringer. Medlemmet får den på e-post."),
    )


class YearlyMeetingForm(VersionedForm, MeetingTimesForm):
    """The day, times and place of the yearly meeting, Norwegian time."""

    starts = forms.TimeField(label=_("Fra kl."), widget=TimeInput, initial=dt.time(10))
    ends = forms.TimeField(label=_("Til kl."), widget=TimeInput, initial=dt.time(11))
    place = forms.CharField(
        label=_("Sted"), max_length=300, required=False, help_text=_("For eksempel lederens kontor.")
    )


class EvaluationForm(VersionedForm):
    evaluation = forms.CharField(
        label=_("Evaluering av arbeidsplanen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva fikk du gjort av planen, hva fungerte, og hva tar dere med til neste år?"),
    )
