import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lindra.core.forms import DateInput, date_field
from lindra.meetings import rules
from lindra.meetings.attendance import AttendanceSheet, SheetRow
from lindra.meetings.models import CompetenceTopic, Meeting
from lindra.registry.models import Membership, Person, Term


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class PlannedMeetingForm(forms.Form):
    """One row of the year's plan."""

    day = forms.DateField(label=_("Dato"), widget=DateInput)
    starts = forms.TimeField(label=_("Fra kl."), widget=TimeInput, initial=dt.time(9))
    ends = forms.TimeField(label=_("Til kl."), widget=TimeInput, initial=dt.time(15))
    place = forms.CharField(label=_("Sted"), max_length=300, required=False)
    host = forms.ModelChoiceField(
        label=_("Arrangør"), queryset=Membership.objects.none(), required=False, empty_label=_("Ikke valgt ennå")
    )

    def __init__(self, *args, hosts: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["host"]
        field.queryset = Membership.objects.filter(pk__in=[m.pk for m in hosts])
        # In the fair order of the rotation, not alphabetically.
        field.choices = [("", field.empty_label)] + [(m.pk, f"{m.person} ({m.workplace})") for m in hosts]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts") and cleaned.get("ends") and cleaned["ends"] <= cleaned["starts"]:
            self.add_error("ends", _("Møtet må slutte etter at det begynner."))
        return cleaned

    def as_times(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        day = self.cleaned_data["day"]
        return (
            dt.datetime.combine(day, self.cleaned_data["starts"], tz),
            dt.datetime.combine(day, self.cleaned_data["ends"], tz),
        )


class EventForm(PlannedMeetingForm):
    """A fagdag or an intro course, held by a committee for the whole network (seeds 000, 003)."""

    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[(Meeting.Kind.FAGDAG, Meeting.Kind.FAGDAG.label), (Meeting.Kind.COURSE, Meeting.Kind.COURSE.label)],
        widget=forms.RadioSelect,
        initial=Meeting.Kind.FAGDAG,
    )
    title = forms.CharField(label=_("Tittel"), max_length=200)
    programme = forms.CharField(
        label=_("Program"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tider, innlegg og foredragsholdere. Kan fylles ut eller endres senere."),
    )
    field_order = ["kind", "title", "day", "starts", "ends", "place", "programme"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, hosts=[], **kwargs)
        del self.fields["host"]


class BasePlanFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[PlannedMeetingForm]:
        """The rows with a meeting in them: a row left empty plans nothing (and the plan then
        warns that it has fewer meetings than the policy asks for)."""
        return [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.filled_forms():
            day = form.cleaned_data["day"]
            if day in seen:
                form.add_error("day", _("To møter har samme dato."))
            seen.add(day)
        if not seen:
            raise forms.ValidationError(_("Legg inn minst ett møte."))


def plan_formset(data, *, rows: int, hosts: list[Membership]) -> BasePlanFormSet:
    """The year's plan with `rows` empty rows to fill in (the policy's number of meetings)."""
    formset_class = forms.formset_factory(
        PlannedMeetingForm, formset=BasePlanFormSet, extra=rows, max_num=50, validate_max=True
    )
    return formset_class(data, form_kwargs={"hosts": hosts}, prefix="mote")


class AgendaForm(forms.ModelForm):
    """The program: of a group meeting in its two parts (001); of a fagdag, an intro course or
    a committee meeting as one programme of its own."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    registration_deadline = date_field(_("Påmeldingsfrist"), required=False)

    class Meta:
        model = Meeting
        fields = [
            "place",
            "part1",
            "part2_title",
            "part2",
            "programme",
            "topics",
            "registration_deadline",
            "minute_taker",
        ]
        widgets = {
            "part1": forms.Textarea(attrs={"rows": 4}),
            "part2": forms.Textarea(attrs={"rows": 5}),
            "programme": forms.Textarea(attrs={"rows": 8}),
            "topics": forms.CheckboxSelectMultiple,
        }
        help_texts = {"programme": _("Tider, innlegg og foredragsholdere, pauser og lunsj.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        if meeting.kind == Meeting.Kind.GROUP:
            del self.fields["programme"]
        else:
            # The two parts of a group meeting's agenda, and their times, are for group meetings.
            for name in [name for name in self.fields if name.startswith("part")]:
                del self.fields[name]
        self.fields["topics"].queryset = CompetenceTopic.objects.filter(network=meeting.network, retired=False)
        if meeting.local_group_id:
            people = Person.objects.filter(
                memberships__in=Membership.objects.current().filter(local_group=meeting.local_group_id)
            )
        else:
            people = Person.objects.filter(terms__in=Term.objects.current().filter(committee=meeting.committee_id))
        self.fields["minute_taker"].queryset = people.distinct()
        self.fields["minute_taker"].help_text = _("Arrangøren avklarer hvem som skriver referat.")
        self.initial.setdefault("version", meeting.version)


class ReplaceHostForm(forms.Form):
    workplace_only = forms.BooleanField(
        label=_("Arbeidsstedet overtar som arrangør"),
        required=False,
        help_text=_("Når arrangøren må trekke seg, kan arbeidsstedet likevel stå for møtet."),
    )
    host = forms.ModelChoiceField(label=_("Eller ny arrangør"), queryset=Membership.objects.none(), required=False)
    reason = forms.CharField(label=_("Begrunnelse (valgfritt)"), max_length=300, required=False)

    def __init__(self, *args, candidates: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["host"]
        field.queryset = Membership.objects.filter(pk__in=[m.pk for m in candidates])
        field.choices = [("", "–")] + [(m.pk, f"{m.person} ({m.workplace})") for m in candidates]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("workplace_only") and not cleaned.get("host"):
            self.add_error("host", _("Velg en ny arrangør, eller la arbeidsstedet overta."))
        return cleaned


class RepresentativeForm(forms.Form):
    representative = forms.ModelChoiceField(
        label=_("Representant fra driftsgruppen"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Ingen valgt ennå"),
        error_messages={"invalid_choice": _("Velg en av dem i listen: de sitter i driftsgruppen på møtedagen.")},
    )

    def __init__(self, *args, candidates: list[Person], current: Person | None, **kwargs):
        super().__init__(*args, initial={"representative": current}, **kwargs)
        # One named before, no longer in the operations group on the day, stays to be kept.
        people = [*candidates, current] if current is not None and current not in candidates else candidates
        field = self.fields["representative"]
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        field.choices = [("", field.empty_label)] + [(p.pk, p.full_name) for p in people]


class TopicForm(forms.ModelForm):
    class Meta:
        model = CompetenceTopic
        fields = ["title", "description", "retired"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_title(self):
        # The network is no field of the form, so the model's unique constraint is not checked
        # by the form: check it here, and ignore case as people do.
        title = self.cleaned_data["title"].strip()
        same = CompetenceTopic.objects.filter(network=self.instance.network_id, title__iexact=title)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Kompetanseplanen har allerede temaet %(title)s."), params={"title": title})
        return title


class AttendanceForm(forms.Form):
    """One choice per row of the sheet, named by its registration. Every row must be marked.
    With `mark_the_rest`, the rows the host left unmarked are marked present (the button
    "Resten var til stede"); the marks the host made stay."""

    def __init__(self, data=None, *, sheet: AttendanceSheet, mark_the_rest: bool = False):
        self.marked_now: list[SheetRow] = []
        if data is not None and mark_the_rest:
            data = data.copy()
            before = {row.field_name: data.get(row.field_name, "") for row in sheet.rows}
            for name, mark in rules.mark_the_rest_present(before).items():
                data[name] = mark
            self.marked_now = [row for row in sheet.rows if not before[row.field_name]]
        super().__init__(data)
        self.sheet = sheet
        for row in sheet.rows:
            self.fields[row.field_name] = forms.ChoiceField(
                label=row.name,
                choices=row.choices,
                initial=row.start,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Velg om %(name)s var til stede.") % {"name": row.name},
                    "invalid_choice": gettext(
                        "«%(value)s» er ikke et gyldig oppmøte. Velg ett av alternativene for denne personen."
                    ),
                },
            )

    def marks(self) -> dict[int, str]:
        return {row.registration.pk: self.cleaned_data[row.field_name] for row in self.sheet.rows}

    def bound_rows(self) -> list[tuple[SheetRow, forms.BoundField]]:
        return [(row, self[row.field_name]) for row in self.sheet.rows]

    def unmarked(self) -> list[tuple[SheetRow, forms.BoundField]]:
        """The rows sent without a mark: named together at the top of the form."""
        return [
            (row, field)
            for row, field in self.bound_rows()
            if any(error.code == "required" for error in self.errors.as_data().get(row.field_name, []))
        ]

    def wrong_marks(self) -> list[tuple[SheetRow, forms.BoundField]]:
        """The rows sent with a mark that is none of their choices."""
        return [
            (row, field)
            for row, field in self.bound_rows()
            if any(error.code != "required" for error in self.errors.as_data().get(row.field_name, []))
        ]

    def has_unmarked_rows(self) -> bool:
        """Whether a row shows no mark, so that "the rest were present" is worth offering."""
        return any(not field.value() for _row, field in self.bound_rows())
