import datetime as dt

from django import forms
from django.core.validators import MinValueValidator
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lindra.core.forms import DateInput, OptionalVersionForm, VersionedModelForm, as_id, date_field
from lindra.meetings import rules, services
from lindra.meetings.attendance import AttendanceSheet, SheetRow
from lindra.meetings.models import CompetenceTopic, Meeting
from lindra.registry.models import Membership, Person, Term
from lindra.registry.rules import norwegian


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class MeetingTimesForm(forms.Form):
    """The day and times of a meeting, Norwegian time."""

    day = forms.DateField(label=_("Dato"), widget=DateInput)
    starts = forms.TimeField(label=_("Fra kl."), widget=TimeInput, initial=dt.time(9))
    ends = forms.TimeField(label=_("Til kl."), widget=TimeInput, initial=dt.time(15))
    place = forms.CharField(label=_("Sted"), max_length=300, required=False)

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


class PlannedMeetingForm(MeetingTimesForm):
    """One row of the year's plan: a meeting already planned, or a new one."""

    meeting = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    host = forms.ChoiceField(label=_("Arrangør"), required=False)
    remove = forms.BooleanField(label=_("Ta møtet ut av planen"), required=False)

    def __init__(self, *args, plan: services.YearPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.existing = plan.meeting(self._raw("meeting"))
        self.locked = ""
        self.new_number = 0  # which of the plan's new rows this is, counting from 1
        if self.existing is not None:
            self.initial = self._initial_of(self.existing)
            self.locked = services.locked_reason(self.existing)
            # A locked meeting is shown, not changed: only which meeting it is goes back.
            for name, bound_field in self.fields.items():
                bound_field.disabled = bool(self.locked) and name != "meeting"
        else:
            del self.fields["remove"]
        if plan.hosts is None:
            del self.fields["host"]

    def _raw(self, name: str):
        return self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)

    def _initial_of(self, meeting: Meeting) -> dict:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        host = self.plan.hosts.membership_of(meeting) if self.plan.hosts else None
        return {
            "meeting": meeting.pk,
            "version": meeting.version,
            "day": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "place": meeting.place,
            "host": str(host.pk) if host else "",
        }

    @property
    def title(self) -> str:
        return self.existing.title if self.existing else ""

    def has_changed(self) -> bool:
        # A new row with only its suggested host is an empty row: it plans nothing.
        if self.existing is None:
            return any(name in self.changed_data for name in ("day", "starts", "ends", "place"))
        return super().has_changed()

    def clean_meeting(self):
        if self.cleaned_data.get("meeting") and self.existing is None:
            raise forms.ValidationError(_("Møtet er ikke lenger i planen. Last siden på nytt."))
        return self.cleaned_data.get("meeting")

    def clean_host(self):
        value = self.cleaned_data.get("host")
        return self.plan.hosts.memberships[int(value)] if value else None

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("day")
        if day and day.year != self.plan.year and not self.locked:
            self.add_error("day", _("Velg en dato i %(year)s.") % {"year": self.plan.year})
        return cleaned

    # The rotation judges each row on its own date, before the row is checked.

    def day_typed(self) -> dt.date | None:
        try:
            return self.fields["day"].clean(self.initial.get("day") if self.locked else self._raw("day"))
        except forms.ValidationError:
            return None

    def host_typed(self) -> Membership | None:
        value = self._raw("host") if "host" in self.fields and not self.locked else self.initial.get("host")
        return self.plan.hosts.memberships.get(as_id(value))

    def keeps_host(self) -> bool:
        """Whether the row leaves its meeting's host as it is (also a workplace hosting alone)."""
        if self.existing is None:
            return False
        return self.locked != "" or str(self._raw("host") or "") == str(self.initial.get("host") or "")

    def show_hosting(self, hosting: rules.RowHosting, *, preselect: bool) -> None:
        """The host's choices for the row's date: those who can host then in the fair order,
        then the others, saying why not; on a new row, the fair suggestion chosen."""
        if "host" not in self.fields:
            return
        day = self.day_typed() or self.plan.first_day
        memberships = self.plan.hosts.memberships
        offered = [memberships[c.membership_id] for c in hosting.ranked]
        others = sorted(
            (m for m in memberships.values() if m not in offered), key=lambda m: norwegian(m.person.full_name)
        )
        choices = [("", gettext("Ikke valgt ennå"))]
        choices += [(str(m.pk), f"{m.person} ({m.workplace})") for m in offered]
        choices += [
            (str(m.pk), f"{m.person} ({m.workplace}) – {services.why_not_host(self.plan, m, day)}") for m in others
        ]
        self.fields["host"].choices = choices
        if preselect and hosting.host is not None:
            if self.is_bound:
                self.data[self.add_prefix("host")] = str(hosting.host.membership_id)
            else:
                self.initial["host"] = str(hosting.host.membership_id)

    def planned_row(self) -> services.PlannedRow:
        starts_at, ends_at = self.as_times()
        return services.PlannedRow(
            starts_at,
            ends_at,
            self.cleaned_data["place"],
            self.cleaned_data.get("host"),
            meeting=self.existing,
            keep_host=self.keeps_host(),
            remove=bool(self.cleaned_data.get("remove")),
            version=self.cleaned_data.get("version"),
        )


PLACES_HELP = _(
    "La feltet stå tomt hvis det ikke er noen grense. Melder flere seg på enn det er plasser til, kommer de "
    "på venteliste i den rekkefølgen de meldte seg på, og får plass og e-post når noen melder forfall."
)


class EventForm(MeetingTimesForm):
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
    capacity = forms.IntegerField(
        label=_("Antall plasser"),
        required=False,
        min_value=1,
        help_text=PLACES_HELP,
    )
    field_order = ["kind", "title", "day", "starts", "ends", "place", "capacity", "programme"]


class BasePlanFormSet(forms.BaseFormSet):
    def __init__(self, *args, plan: services.YearPlan, **kwargs):
        self.plan = plan
        super().__init__(*args, form_kwargs={"plan": plan}, **kwargs)

    def filled_forms(self) -> list[PlannedMeetingForm]:
        """The rows with a meeting in them: a row left empty plans nothing (and the plan then
        warns that it has fewer meetings than the policy asks for)."""
        return [f for f in self.forms if f.cleaned_data and (f.existing or f.has_changed())]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.filled_forms():
            if form.cleaned_data.get("remove"):
                continue
            day = form.cleaned_data["day"]
            if day in seen:
                form.add_error("day", _("To møter har samme dato."))
            seen.add(day)
        if not seen:
            raise forms.ValidationError(_("Legg inn minst ett møte."))

    def planned_rows(self) -> list[services.PlannedRow]:
        return [form.planned_row() for form in self.filled_forms()]

    def judge_hosts(self, suggest: set[int]) -> None:
        """Each row's host choices for its own date (services.plan_hosting); the rows in
        `suggest` (new ones not yet typed into) get the fair suggestion after the rows before."""
        if self.plan.hosts is None:
            return
        rows = [
            rules.PlanRow(
                form.day_typed(),
                *services.plan_host_of(form.existing, form.host_typed(), keep=form.keeps_host(), hosts=self.plan.hosts),
                suggest=i in suggest,
            )
            for i, form in enumerate(self.forms)
        ]
        for i, (form, hosting) in enumerate(zip(self.forms, services.plan_hosting(self.plan, rows), strict=True)):
            form.show_hosting(hosting, preselect=i in suggest)


def plan_formset(data, *, plan: services.YearPlan, add_row: bool = False) -> BasePlanFormSet:
    """The year's plan: a row for each meeting already planned, then empty rows up to the
    policy's number of meetings (one at least, to add a meeting). `add_row` adds another
    empty row to a plan being typed, without checking what has been typed so far."""
    existing = [{"meeting": m.pk} for m in plan.meetings]
    extra = max(plan.required - len(plan.meetings), 1)
    formset_class = forms.formset_factory(
        PlannedMeetingForm, formset=BasePlanFormSet, extra=extra, max_num=50, validate_max=True
    )
    suggest = set()
    if data is not None and add_row:
        data = data.copy()
        added = int(data.get("mote-TOTAL_FORMS") or 0)
        data["mote-TOTAL_FORMS"] = str(added + 1)
        data[f"mote-{added}-starts"], data[f"mote-{added}-ends"] = "09:00", "15:00"
        suggest = {added}
    formset = formset_class(data, initial=existing, plan=plan, prefix="mote")
    for number, form in enumerate((f for f in formset.forms if f.existing is None), 1):
        form.new_number = number
    if data is None:
        suggest = {i for i, form in enumerate(formset.forms) if form.existing is None}
    formset.judge_hosts(suggest)
    if add_row:
        # What was typed is shown as it is; it is checked when the plan is saved.
        for form in formset.forms:
            form._errors = ErrorDict()
        formset._non_form_errors = formset.error_class()
    return formset


# What the agenda form says of each problem with the parts' times (rules.part_time_problems).
PART_TIME_ERRORS = {
    "missing_start": _("Skriv også når delen begynner."),
    "missing_end": _("Skriv også når delen slutter."),
    "before_meeting": _("Delen kan ikke begynne før møtet, som begynner kl. %(starts)s."),
    "after_meeting": _("Delen kan ikke slutte etter møtet, som slutter kl. %(ends)s."),
    "ends_before_start": _("Delen må slutte etter at den begynner."),
    "overlaps_part1": _("Del 2 kan ikke begynne før del 1 slutter (kl. %(part1_ends)s)."),
}


class AgendaForm(forms.ModelForm):
    """The program: of a group meeting in its two parts (001); of a fagdag, an intro course or
    a committee meeting as one programme of its own."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    registration_deadline = date_field(_("Påmeldingsfrist"), required=False)

    class Meta:
        model = Meeting
        fields = [
            "place",
            "part1_starts",
            "part1_ends",
            "part1",
            "part2_starts",
            "part2_ends",
            "part2_title",
            "part2",
            "programme",
            "capacity",
            "topics",
            "registration_deadline",
            "minute_taker",
        ]
        widgets = {
            "part1_starts": TimeInput,
            "part1_ends": TimeInput,
            "part1": forms.Textarea(attrs={"rows": 4}),
            "part2_starts": TimeInput,
            "part2_ends": TimeInput,
            "part2": forms.Textarea(attrs={"rows": 5}),
            "programme": forms.Textarea(attrs={"rows": 8}),
            "topics": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "part2_starts": _("Gjestene får denne tiden i invitasjonen og kalenderen sin."),
            "programme": _("Tider, innlegg og foredragsholdere, pauser og lunsj."),
            "capacity": PLACES_HELP,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        if meeting.kind in rules.KINDS_WITH_PLACES:
            self.fields["capacity"].min_value = 1
            self.fields["capacity"].validators.append(MinValueValidator(1))
            self.fields["capacity"].widget.attrs["min"] = 1
        else:
            del self.fields["capacity"]
        if meeting.kind == Meeting.Kind.GROUP:
            del self.fields["programme"]
        else:
            # The two parts of a group meeting's agenda, and their times, are for group meetings.
            for name in [name for name in self.fields if name.startswith("part")]:
                del self.fields[name]
        topics = self.fields["topics"]
        topics.queryset = CompetenceTopic.objects.filter(network=meeting.network, retired=False)
        if not topics.queryset.exists():
            topics.help_text = _("Kompetanseplanen har ingen temaer ennå. Sekretariatet legger dem inn.")
        if meeting.local_group_id:
            people = Person.objects.filter(
                memberships__in=Membership.objects.current().filter(local_group=meeting.local_group_id)
            )
        else:
            people = Person.objects.filter(terms__in=Term.objects.current().filter(committee=meeting.committee_id))
        self.fields["minute_taker"].queryset = people.distinct()
        self.fields["minute_taker"].help_text = _("Arrangøren avklarer hvem som skriver referat.")
        self.initial.setdefault("version", meeting.version)

    def clean(self):
        cleaned = super().clean()
        meeting = self.instance
        starts_at, ends_at = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        # A meeting that runs past midnight bounds its parts by its start alone.
        meeting_ends = ends_at.time() if ends_at.date() == starts_at.date() else dt.time.max
        times = rules.PartTimes(
            meeting_starts=starts_at.time(),
            meeting_ends=meeting_ends,
            **{name: cleaned.get(name) for name in ("part1_starts", "part1_ends", "part2_starts", "part2_ends")},
        )
        words = {
            "starts": f"{starts_at:%H:%M}",
            "ends": f"{ends_at:%H:%M}",
            "part1_ends": f"{times.part1_ends:%H:%M}" if times.part1_ends else "",
        }
        for name, problem in rules.part_time_problems(times).items():
            if name not in self.errors:
                self.add_error(name, PART_TIME_ERRORS[problem] % words)
        return cleaned


class ReplaceHostForm(OptionalVersionForm):
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


class RepresentativeForm(OptionalVersionForm):
    representative = forms.ModelChoiceField(
        label=_("Representant fra driftsgruppen"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Ingen valgt ennå"),
        error_messages={"invalid_choice": _("Velg en av dem i listen: de sitter i driftsgruppen på møtedagen.")},
    )

    def __init__(self, *args, candidates: list[Person], current: Person | None, version: int, **kwargs):
        super().__init__(*args, initial={"representative": current, "version": version}, **kwargs)
        # One named before, no longer in the operations group on the day, stays to be kept.
        people = [*candidates, current] if current is not None and current not in candidates else candidates
        field = self.fields["representative"]
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        field.choices = [("", field.empty_label)] + [(p.pk, p.full_name) for p in people]


class TopicForm(VersionedModelForm):
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

    # The sheet's version when opened (see attendance.sheet_version); none read as none.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, sheet: AttendanceSheet, version: int = 0, mark_the_rest: bool = False):
        self.marked_now: list[SheetRow] = []
        if data is not None and mark_the_rest:
            data = data.copy()
            before = {row.field_name: data.get(row.field_name, "") for row in sheet.rows}
            for name, mark in rules.mark_the_rest_present(before).items():
                data[name] = mark
            self.marked_now = [row for row in sheet.rows if not before[row.field_name]]
        super().__init__(data, initial={"version": version})
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

    def clean_version(self) -> int | None:
        return as_id(self.cleaned_data["version"])

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
