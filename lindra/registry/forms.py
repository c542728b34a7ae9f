import datetime as dt

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindra.core.forms import REASON_FIELD_LABEL, OptionalVersionForm, VersionedForm, VersionedModelForm, date_field
from lindra.registry import queries, rules
from lindra.registry.models import (
    ChangeKind,
    ChangeRequest,
    Committee,
    LocalGroup,
    Municipality,
    Network,
    Organisation,
    Person,
    Profession,
    Workplace,
)


class NetworkForm(VersionedModelForm):
    class Meta:
        model = Network
        fields = [
            "name",
            "short_name",
            "secretariat_email",
            "email_language",
            "member_title",
            "member_title_plural",
            "meetings_per_group_per_year",
            "min_gathering_hours_per_year",
            "program_days_before",
            "invitation_days_before",
            "minutes_days_after",
            "absences_before_follow_up",
            "leader_term_years",
            "intro_course_waiting_threshold",
            "committee_meetings_per_year",
            "retention_years",
        ]


class LocalGroupForm(VersionedModelForm):
    class Meta:
        model = LocalGroup
        fields = ["name", "municipalities"]
        widgets = {"municipalities": forms.SelectMultiple(attrs={"size": 8})}
        help_texts = {"municipalities": _("Kommunene gruppen dekker. Hold inne Ctrl (Cmd på Mac) for å velge flere.")}

    def clean_name(self):
        # The network is not a field of the form, so Django leaves the unique name per
        # network unchecked: check it here, or a duplicate name fails at the database.
        name = self.cleaned_data["name"].strip()
        same_name = LocalGroup.objects.filter(network_id=self.instance.network_id, name__iexact=name)
        if same_name.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Nettverket har allerede en lokalgruppe som heter %(name)s.") % {"name": name}
            )
        return name


class CommitteeForm(VersionedModelForm):
    class Meta:
        model = Committee
        fields = ["name", "kind"]


class WorkplaceForm(VersionedModelForm):
    new_organisation = forms.CharField(
        label=_("Eller ny eier"),
        required=False,
        max_length=200,
        help_text=_("Skriv navnet på kommunen, bydelen eller helseforetaket hvis det ikke finnes i listen."),
    )
    new_organisation_kind = forms.ChoiceField(
        label=_("Type ny eier"), choices=Organisation.Kind.choices, required=False
    )

    class Meta:
        model = Workplace
        fields = ["name", "kind", "municipality", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = False
        self.fields["organisation"].empty_label = _("Velg eier")
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["municipality"].empty_label = _("Velg kommune")
        self.fields["kind"].choices = [("", _("Velg type")), *Workplace.Kind.choices]

    def clean(self):
        cleaned = super().clean()
        owner = cleaned.get("organisation")
        typed_owner = (cleaned.get("new_organisation") or "").strip()
        if not owner and not typed_owner:
            self.add_error("organisation", _("Velg en eier, eller skriv navnet på en ny."))
        elif owner is None:
            owner = Organisation.objects.filter(name__iexact=typed_owner).first()
        name = (cleaned.get("name") or "").strip()
        if owner is not None and name:
            same_name = owner.workplace_set.filter(name__iexact=name).exclude(pk=self.instance.pk)
            if same_name.exists():
                self.add_error(
                    "name",
                    _("%(owner)s har allerede et arbeidssted som heter %(name)s.") % {"owner": owner, "name": name},
                )
        return cleaned


class NewWorkplaceForm(WorkplaceForm):
    """A workplace registered together with a new member, from the same page."""

    prefix = "nytt-arbeidssted"
    use_required_attribute = False  # needed only when a new workplace is filled in

    class Meta(WorkplaceForm.Meta):
        labels = {"name": _("Navn på det nye arbeidsstedet")}

    @classmethod
    def of(cls, data) -> "NewWorkplaceForm":
        """The form as the page was sent: checked only when a name is filled in, else what
        was chosen in it is kept for showing again."""
        if data is None or not data.get(f"{cls.prefix}-name", "").strip():
            typed = {name: data.get(f"{cls.prefix}-{name}") for name in cls.base_fields} if data else {}
            return cls(initial=typed)
        return cls(data)


def typed_workplace(text: str) -> Workplace:
    """The workplace a typed text names, or a ValidationError that says what to do."""
    found = queries.workplaces_named(text)
    if len(found) == 1:
        return found[0]
    if found:
        raise forms.ValidationError(
            _("Flere arbeidssteder heter «%(name)s»: %(choices)s. Skriv hvilket, som i listen.")
            % {"name": text, "choices": ", ".join(w.label for w in found)}
        )
    message = _("Fant ikke arbeidsstedet «%(name)s».") % {"name": text}
    similar = Workplace.objects.open().matching(text).select_related("organisation")[:3]
    if similar:
        message += " " + _("Mente du %(choices)s?") % {"choices": ", ".join(w.label for w in similar)}
    raise forms.ValidationError(message + " " + _("Velg et fra listen, eller legg det til som nytt under."))


class PersonForm(VersionedForm):
    initial_is_stored = True  # opened with the person's details (see lindra.core.forms.stored_now)

    given_name = forms.CharField(label=_("Fornavn"), max_length=100)
    family_name = forms.CharField(label=_("Etternavn"), max_length=100)
    email = forms.EmailField(label=_("E-post"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    profession = forms.ChoiceField(label=_("Yrke"), choices=[("", "–"), *Profession.choices], required=False)
    further_education = forms.CharField(label=_("Videreutdanning"), max_length=300, required=False)


class ContactDetailsForm(VersionedForm):
    """What a member may correct about themselves."""

    initial_is_stored = True  # opened with the person's details (see lindra.core.forms.stored_now)

    email = forms.EmailField(label=_("E-post"))
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    further_education = forms.CharField(
        label=_("Videreutdanning"),
        max_length=300,
        required=False,
        help_text=_("For eksempel «Videreutdanning i kreftsykepleie, 2024»."),
    )


class LeaderFields(forms.Form):
    """A nearest leader given by e-mail; a new leader also needs a name."""

    leader_email = forms.EmailField(label=_("Nærmeste leders e-post"), required=False)
    leader_given_name = forms.CharField(label=_("Nærmeste leders fornavn"), max_length=100, required=False)
    leader_family_name = forms.CharField(label=_("Nærmeste leders etternavn"), max_length=100, required=False)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("leader_email") or ""
        named = cleaned.get("leader_given_name") and cleaned.get("leader_family_name")
        if email and not named and not Person.objects.filter(email__iexact=email).exists():
            self.add_error("leader_given_name", _("Lederen er ikke registrert fra før. Skriv fornavn og etternavn."))
        return cleaned


class AddMemberForm(LeaderFields):
    """A new member as the secretariat types it in: the person and the nearest leader are
    recognised by e-mail, the workplace is typed and chosen, or registered here as new."""

    email = forms.EmailField(
        label=_("E-post"), help_text=_("Finnes personen fra før, brukes opplysningene som er registrert.")
    )
    given_name = forms.CharField(label=_("Fornavn"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Etternavn"), max_length=100, required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    profession = forms.ChoiceField(label=_("Yrke"), choices=[("", "–"), *Profession.choices], required=False)
    local_group = forms.ModelChoiceField(
        label=_("Lokalgruppe"), queryset=LocalGroup.objects.none(), empty_label=_("Velg lokalgruppe")
    )
    workplace = forms.CharField(
        label=_("Arbeidssted"),
        max_length=300,
        required=False,
        help_text=_("Skriv for å søke, og velg fra listen. Arbeidsstedene der nettverket har medlemmer, kommer først."),
    )
    starts_on = date_field(_("Startdato"))
    field_order = [
        "email",
        "given_name",
        "family_name",
        "phone",
        "profession",
        "local_group",
        "workplace",
        "leader_email",
        "leader_given_name",
        "leader_family_name",
        "starts_on",
    ]

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_workplace = NewWorkplaceForm.of(self.data if self.is_bound else None)
        self.fields["local_group"].queryset = network.groups.filter(closed_on__isnull=True)
        self.fields["starts_on"].initial = timezone.localdate()
        # Typing looks things up as it goes (htmx); without JavaScript the page works on saving.
        known_person = reverse("registry:known_person", args=[network.pk])
        for field, target in [("email", "#person-known"), ("leader_email", "#leader-known")]:
            self.fields[field].widget.attrs |= {
                "hx-get": known_person,
                "hx-trigger": "change",
                "hx-target": target,
                "autocomplete": "off",
            }
        self.fields["workplace"].widget.attrs |= {
            "list": "arbeidssteder",
            "autocomplete": "off",
            "hx-get": reverse("registry:workplace_options", args=[network.pk]),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "#arbeidssteder",
            "hx-swap": "outerHTML",
        }

    @property
    def adds_workplace(self) -> bool:
        """Whether a new workplace is filled in below the typed one."""
        return self.new_workplace.is_bound

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.adds_workplace:
            valid = self.new_workplace.is_valid() and valid
        return valid

    def clean_workplace(self) -> Workplace | None:
        text = self.cleaned_data["workplace"].strip()
        if self.adds_workplace:
            if text:
                raise forms.ValidationError(
                    _("Du har også fylt ut et nytt arbeidssted under. Tøm dette feltet eller det nye.")
                )
            return None
        if not text:
            raise forms.ValidationError(_("Skriv og velg arbeidsstedet, eller legg til et nytt under."))
        return typed_workplace(text)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email") or ""
        if email and email.lower() == (cleaned.get("leader_email") or "").lower():
            self.add_error("leader_email", _("En person kan ikke være sin egen nærmeste leder."))
        if email and not Person.objects.filter(email__iexact=email).exists():
            for name in ("given_name", "family_name"):
                if not cleaned.get(name):
                    self.add_error(name, _("Personen er ny i registeret. Skriv fornavn og etternavn."))
        return cleaned


class PlacementForm(LeaderFields, VersionedForm):
    effective_on = date_field(_("Gjelder fra"))
    local_group = forms.ModelChoiceField(label=_("Lokalgruppe"), queryset=LocalGroup.objects.none())
    workplace = forms.ModelChoiceField(label=_("Arbeidssted"), queryset=Workplace.objects.none())
    no_leader = forms.BooleanField(label=_("Ingen nærmeste leder registrert"), required=False)
    reason = forms.CharField(label=REASON_FIELD_LABEL, max_length=500, required=False)
    field_order = [
        "effective_on",
        "local_group",
        "workplace",
        "leader_email",
        "leader_given_name",
        "leader_family_name",
        "no_leader",
        "reason",
    ]

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_group"].queryset = network.groups.filter(closed_on__isnull=True)
        self.fields["workplace"].queryset = Workplace.objects.filter(closed_on__isnull=True)


LEAVE_REASON_HELP = _("Skriv ikke helseopplysninger eller årsak til permisjonen.")


class LeaveForm(VersionedForm):
    """A new leave, or the corrected dates of one."""

    starts_on = date_field(_("Fra"))
    ends_on = date_field(_("Til og med"), required=False, help_text=_("La stå tom hvis sluttdatoen ikke er kjent."))
    reason = forms.CharField(label=REASON_FIELD_LABEL, max_length=500, required=False, help_text=LEAVE_REASON_HELP)


class EndLeaveForm(VersionedForm):
    ends_on = date_field(_("Siste dag i permisjon"), help_text=_("Medlemmet er tilbake fra dagen etter."))
    reason = forms.CharField(label=REASON_FIELD_LABEL, max_length=500, required=False, help_text=LEAVE_REASON_HELP)


class RemoveLeaveForm(VersionedForm):
    reason = forms.CharField(
        label=_("Hvorfor fjernes permisjonen? (valgfritt)"),
        max_length=500,
        required=False,
        help_text=_("For eksempel «Registrert på feil person»."),
    )


class EndMembershipForm(VersionedForm):
    ends_on = date_field(_("Siste dag som medlem"))
    reason = forms.CharField(label=REASON_FIELD_LABEL, max_length=500, required=False)


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva"),
        choices=[
            (ChangeKind.INTRO_COURSE, ChangeKind.INTRO_COURSE.label),
            (ChangeKind.FUNCTION_DESCRIPTION, ChangeKind.FUNCTION_DESCRIPTION.label),
        ],
    )
    on = date_field(_("Dato"))


class ChangeRequestForm(forms.ModelForm):
    effective_on = date_field(_("Fra dato"), required=False)
    ends_on = date_field(_("Til dato"), required=False, help_text=_("Bare for permisjon."))

    class Meta:
        model = ChangeRequest
        fields = ["kind", "effective_on", "ends_on", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "message": _(
                "Skriv hva som er endret, for eksempel navn og e-post på ny leder. Skriv ikke helseopplysninger."
            )
        }


class HandleChangeRequestForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Hva gjør du med meldingen?"),
        choices=[("applied", _("Endringen er ført inn")), ("rejected", _("Avvis meldingen"))],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("Svar til den som meldte"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Må fylles ut når du avviser."),
    )

    def __init__(self, *args, change_request: ChangeRequest, **kwargs):
        super().__init__(*args, **kwargs)
        if change_request.kind == ChangeRequest.Kind.LEAVE:
            # Applying a leave registers it, by the same rules as on the member's page.
            self.fields["starts_on"] = date_field(
                _("Permisjon fra"), required=False, help_text=_("Rett datoene om de ikke stemmer med meldingen.")
            )
            self.fields["ends_on"] = date_field(_("Permisjon til og med"), required=False)
            self.initial |= {"starts_on": change_request.effective_on, "ends_on": change_request.ends_on}
            self.fields["decision"].choices = [
                ("applied", _("Registrer permisjonen med datoene under")),
                ("rejected", _("Avvis meldingen")),
            ]
            self.order_fields(["decision", "starts_on", "ends_on", "response"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "rejected" and not cleaned.get("response"):
            self.add_error("response", _("Skriv hvorfor meldingen avvises."))
        return cleaned


class MergeGroupForm(OptionalVersionForm):
    target = forms.ModelChoiceField(label=_("Slå sammen med"), queryset=LocalGroup.objects.none())
    effective_on = date_field(_("Fra dato"))

    def __init__(self, *args, group: LocalGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = group.network.groups.filter(closed_on__isnull=True).exclude(pk=group.pk)


class CloseForm(OptionalVersionForm):
    closed_on = date_field(_("Avsluttes fra"))


class AppointGroupLeaderForm(OptionalVersionForm):
    person = forms.ModelChoiceField(label=_("Ny gruppeleder"), queryset=Person.objects.none())
    starts_on = date_field(_("Fra"))
    ends_on = date_field(_("Til"), required=False)
    end_current = forms.BooleanField(label=_("Nåværende gruppeleder går av dagen før"), required=False, initial=True)

    def __init__(self, *args, group: LocalGroup, **kwargs):
        super().__init__(*args, **kwargs)
        members = Person.objects.filter(memberships__in=group.memberships.current()).order_by(
            "family_name", "given_name"
        )
        self.fields["person"].queryset = members
        self.fields["person"].help_text = _("Lederrollen går på rundgang mellom medlemmene av gruppen.")
        self.years = group.network.leader_term_years
        self.fields["ends_on"].help_text = _("Står feltet tomt, varer vervet i %(years)s år fra første dag.") % {
            "years": self.years
        }

    def clean(self):
        cleaned = super().clean()
        starts_on = cleaned.get("starts_on")
        if starts_on and not cleaned.get("ends_on") and "ends_on" not in self.errors:
            if starts_on.year + self.years > dt.MAXYEAR:  # the term would end past the calendar
                self.add_error("starts_on", _("Velg en dato innen år %(year)s.") % {"year": dt.MAXYEAR - self.years})
            else:
                cleaned["ends_on"] = rules.term_end(starts_on, self.years)
        return cleaned


class AppointByEmailForm(forms.Form):
    """A committee member or a secretary, found by e-mail (registered first if new)."""

    email = forms.EmailField(label=_("E-post"))
    given_name = forms.CharField(label=_("Fornavn"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Etternavn"), max_length=100, required=False)
    starts_on = date_field(_("Fra"))
    ends_on = date_field(_("Til"), required=False)

    def clean(self):
        cleaned = super().clean()
        email = (cleaned.get("email") or "").lower()
        named = cleaned.get("given_name") and cleaned.get("family_name")
        if email and not named and not Person.objects.filter(email=email).exists():
            self.add_error("given_name", _("Personen er ny i registeret. Skriv fornavn og etternavn."))
        return cleaned
