"""The forms of the minutes: the writer's draft, the secretariat's review, the network's template."""

from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

from lindra.core.forms import VersionedForm
from lindra.meetings.minutes_documents import MAX_DOCX_BYTES


class MinutesForm(VersionedForm):
    part1 = forms.CharField(
        label=_("Del 1: Erfaringsutveksling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "data-width": "full"}),
        help_text=_("Hva ble tatt opp? Ta med nytt fra driftsgruppen. Skriv ikke helseopplysninger om noen."),
    )
    part2 = forms.CharField(
        label=_("Del 2: Faglig påfyll"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "data-width": "full"}),
        help_text=_("Hovedpunktene fra det faglige innlegget og diskusjonen."),
    )
    agreements = forms.CharField(
        label=_("Avtaler og oppfølging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "data-width": "full"}),
        help_text=_("Hva ble avtalt, hvem følger opp, og når er neste møte?"),
    )

    def __init__(self, *args, is_group: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_group:
            # A fagdag, a course or a committee meeting has one programme: its minutes one text.
            del self.fields["part2"]
            part1 = self.fields["part1"]
            part1.label = _("Fra dagen")
            part1.help_text = _("Hovedpunktene fra programmet og diskusjonen. Skriv ikke helseopplysninger om noen.")


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Merknad til referenten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-width": "full"}),
        help_text=_("Skriv hva som må rettes hvis du sender referatet tilbake. Merknaden sendes på e-post."),
    )


class MinutesTemplateForm(VersionedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)  # none: the template is new
    body = forms.CharField(
        label=_("Starttekst for referenten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "data-width": "full"}),
        help_text=_(
            "Teksten et nytt referat starter med. Skriv [Del 1], [Del 2] og [Avtaler] på egne linjer for å gi hvert "
            "felt sin egen tekst; uten slike linjer blir hele teksten starttekst for del 1. Står feltet tomt, brukes "
            "Lindras standardtekst."
        ),
    )
    docx = forms.FileField(
        label=_("Word-mal (.docx)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".docx"}),
        help_text=_("Nettverkets egen mal med flettekoder fra listen under. Høyst 5 MB."),
    )
    use_default = forms.BooleanField(
        label=_("Bruk Lindras standardmal i stedet for den opplastede"),
        required=False,
    )

    def __init__(self, *args, has_docx: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_docx:
            del self.fields["use_default"]

    def clean_docx(self):
        file = self.cleaned_data.get("docx")
        if not file:
            return None
        if PurePath(file.name).suffix.lower() != ".docx":
            raise forms.ValidationError(
                _("Filen må være et Word-dokument med endelsen .docx (ikke .doc, .pdf eller .dotx).")
            )
        if file.size > MAX_DOCX_BYTES:
            raise forms.ValidationError(_("Filen er større enn 5 MB. Ta ut bilder eller lagre den på nytt i Word."))
        return file
