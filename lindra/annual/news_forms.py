"""Forms of news and of the public page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lindra.core.forms import ModelMultipleChoiceField, VersionedForm


class NewsForm(VersionedForm):
    title = forms.CharField(label=_("Overskrift"), max_length=200)
    body = forms.CharField(
        label=_("Tekst"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Skriv aldri pasientopplysninger. Tomme linjer skiller avsnitt."),
    )
    local_groups = ModelMultipleChoiceField(
        label=_("Til hvem"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Velg ingen for å sende til hele nettverket: alle medlemmer, gruppeledere og utvalgene."),
    )
    committee = forms.ModelChoiceField(
        label=_("Fra utvalget"), queryset=None, required=False, empty_label=_("Ikke fra et utvalg")
    )
    public = forms.BooleanField(
        label=_("Vis også på nettverkets offentlige side og i den åpne nyhetsstrømmen"), required=False
    )

    def __init__(self, *args, groups, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_groups"].queryset = groups
        self.fields["committee"].queryset = committees
        if not committees.exists():
            del self.fields["committee"]


class PublicPageForm(VersionedForm):
    slug = forms.SlugField(
        label=_("Adresse"),
        max_length=60,
        help_text=_("Siste del av adressen: små bokstaver, tall og bindestrek, for eksempel ahus-palliasjon."),
    )
    introduction = forms.CharField(
        label=_("Innledning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva nettverket er og gjør, for dem som ikke kjenner det."),
    )
    show_committees = forms.BooleanField(label=_("Utvalgene: medlemmenes navn og roller"), required=False)
    show_documents = forms.BooleanField(label=_("Dokumenter merket offentlige"), required=False)
    show_reports = forms.BooleanField(label=_("Publiserte årsrapporter"), required=False)
    show_fagdag = forms.BooleanField(label=_("Neste fagdag: dato, sted og tittel"), required=False)
    show_news = forms.BooleanField(label=_("Nyheter merket offentlige"), required=False)
    published = forms.BooleanField(
        label=_("Siden er åpen for alle"),
        required=False,
        help_text=_("Uten dette finnes ikke siden for andre enn sekretariatet."),
    )
