"""Forms of people over time."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

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
            f"{m.title}, {date_format(timezone.localtime(m.starts_at), 'j. F Y')}"
        )

    @property
    def needs_confirmation(self) -> bool:
        """The confirmation is asked for once a warning has been shown."""
        return "confirm" in self.errors or bool(self.data.get("confirm"))
