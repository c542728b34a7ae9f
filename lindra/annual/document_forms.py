"""Forms of the network's plans and documents."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lindra.annual.models import Document
from lindra.core.forms import VersionedForm, date_field

YEAR_ERRORS = {
    "invalid": _("Skriv året med fire sifre, for eksempel 2027."),
    "min_value": _("Skriv et år etter 2000."),
    "max_value": _("Skriv et år før 2100."),
}


def _year(label, help_text) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=2000, max_value=2099, help_text=help_text, error_messages=YEAR_ERRORS
    )


class VersionForm(forms.Form):
    """What a version holds: a file, or a text written here; and its approval and revision."""

    file = forms.FileField(
        label=_("Fil (PDF eller Word)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
        help_text=_("Høyst 10 MB. Eller skriv teksten i feltet under."),
    )
    body = forms.CharField(
        label=_("Tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Når dokumentet skrives i Lindra. Tomme linjer skiller avsnitt."),
    )
    approved_on = date_field(
        _("Godkjent"), required=False, help_text=_("Tomt når versjonen er et utkast som ikke er godkjent ennå.")
    )
    approved_by_text = forms.CharField(
        label=_("Godkjent av"),
        required=False,
        max_length=200,
        help_text=_("For eksempel: Styringsgruppen, eller Samarbeidsutvalget."),
    )
    next_revision_on = date_field(
        _("Neste revisjon"), required=False, help_text=_("Arbeidsgruppen får e-post én gang når datoen kommer.")
    )

    def clean(self):
        data = super().clean()
        if data.get("approved_on") and not (data.get("approved_by_text") or "").strip():
            self.add_error("approved_by_text", _("Skriv hvem som godkjente dokumentet."))
        return data

    def version_values(self) -> dict:
        data = self.cleaned_data
        upload = data["file"]
        return {
            "body": data["body"],
            "filename": upload.name if upload else "",
            "content": upload.read() if upload else None,
            "approved_on": data["approved_on"],
            "approved_by_text": data["approved_by_text"],
            "next_revision_on": data["next_revision_on"],
        }


class NewDocumentForm(VersionForm):
    kind = forms.ChoiceField(label=_("Type"), choices=Document.Kind.choices)
    title = forms.CharField(
        label=_("Tittel"), max_length=200, error_messages={"required": _("Skriv tittelen på dokumentet.")}
    )
    year = _year(
        _("År"), _("For årsplanen og planer for en periode. Tomt for dokumenter som gjelder til de revideres.")
    )
    public = forms.BooleanField(
        label=_("Vis på nettverkets offentlige side"),
        required=False,
        help_text=_("Den godkjente versjonen kan lastes ned der når siden er åpen."),
    )

    field_order = ["kind", "title", "year", "public"]


class NewVersionForm(VersionedForm, VersionForm):
    pass


class ChangeDocumentForm(VersionedForm):
    title = forms.CharField(
        label=_("Tittel"), max_length=200, error_messages={"required": _("Skriv tittelen på dokumentet.")}
    )
    year = _year(_("År"), _("Tomt for dokumenter som gjelder til de revideres."))
    public = forms.BooleanField(label=_("Vis på nettverkets offentlige side"), required=False)


class CoverageForm(forms.Form):
    """The years of the coverage matrix, from the address (?fra=2025&til=2027)."""

    fra = forms.IntegerField(label=_("Fra år"), min_value=2000, max_value=2099, error_messages=YEAR_ERRORS)
    til = forms.IntegerField(label=_("Til år"), min_value=2000, max_value=2099, error_messages=YEAR_ERRORS)

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["fra"] > data["til"]:
            self.add_error("til", _("Til-året kan ikke være før fra-året."))
        return data
