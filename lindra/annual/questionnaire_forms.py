"""Forms of the yearly questionnaire: building it, and answering it."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindra.annual.models import Question, Questionnaire
from lindra.annual.questionnaires import BLANK, COPY, STANDARD
from lindra.core.forms import OptionalVersionForm, VersionedForm, date_field

REMINDER_FIELDS = ("reminder_1", "reminder_2", "reminder_3")


class NewQuestionnaireForm(forms.Form):
    start = forms.ChoiceField(
        label=_("Begynn med"),
        widget=forms.RadioSelect,
        choices=[
            (STANDARD, _("Standardskjemaet: spørsmål om oppgavene i funksjonsbeskrivelsen")),
            (COPY, _("En kopi av fjorårets skjema")),
            (BLANK, _("Et tomt skjema")),
        ],
        initial=STANDARD,
    )
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tittel"), max_length=200)
    opens_on = date_field(_("Åpner"), help_text=_("Invitasjonen går ut på e-post denne dagen."))
    closes_on = date_field(_("Stenger"), help_text=_("Siste dag for å svare."))


class SettingsForm(VersionedForm):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    introduction = forms.CharField(
        label=_("Innledning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vises øverst i skjemaet."),
    )
    opens_on = date_field(_("Åpner"), help_text=_("Invitasjonen går ut på e-post denne dagen."))
    closes_on = date_field(_("Stenger"), help_text=_("Siste dag for å svare."))
    anonymous = forms.BooleanField(
        label=_("Anonymt"),
        required=False,
        help_text=_("Ingen i Lindra kan se hvem som svarte hva. Velges før skjemaet sendes ut."),
    )
    include_leaders = forms.BooleanField(
        label=_("Send også til medlemmenes nærmeste ledere"),
        required=False,
        help_text=_("Hver leder får skjemaet én gang."),
    )
    reminder_1 = date_field(_("Påminnelse 1"), required=False)
    reminder_2 = date_field(_("Påminnelse 2"), required=False)
    reminder_3 = date_field(
        _("Påminnelse 3"), required=False, help_text=_("Påminnelsene går bare til dem som ikke har svart.")
    )

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        reminders = [r.on for r in questionnaire.reminders.all()]
        initial = {name: getattr(questionnaire, name) for name in ("title", "introduction", "opens_on", "closes_on")}
        initial |= {"anonymous": questionnaire.anonymous, "include_leaders": questionnaire.include_leaders}
        initial |= dict(zip(REMINDER_FIELDS, reminders, strict=False))
        initial["version"] = questionnaire.version
        super().__init__(*args, initial=initial, **kwargs)
        if questionnaire.sent_at:
            for name in ("title", "introduction", "opens_on", "anonymous", "include_leaders"):
                self.fields[name].disabled = True

    def reminders(self) -> list:
        return sorted({self.cleaned_data[name] for name in REMINDER_FIELDS if self.cleaned_data.get(name)})


class SectionForm(OptionalVersionForm):
    title = forms.CharField(label=_("Overskrift"), max_length=200)
    help_text = forms.CharField(label=_("Forklaring"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class QuestionForm(OptionalVersionForm):
    text = forms.CharField(label=_("Spørsmål"), max_length=500)
    kind = forms.ChoiceField(label=_("Type svar"), choices=Question.Kind.choices, widget=forms.RadioSelect)
    help_text = forms.CharField(label=_("Forklaring"), max_length=500, required=False)
    audience = forms.ChoiceField(
        label=_("Spørsmål til"),
        choices=Question.Audience.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Gjelder når skjemaet også går til nærmeste ledere."),
    )
    required = forms.BooleanField(label=_("Må besvares"), required=False)
    choices = forms.CharField(
        label=_("Svaralternativer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For ett valg og flere valg: ett alternativ per linje."),
    )
    scale_min = forms.IntegerField(label=_("Laveste verdi"), initial=1, help_text=_("For skala og tall."))
    scale_max = forms.IntegerField(label=_("Høyeste verdi"), initial=5)
    scale_min_label = forms.CharField(label=_("Tekst ved laveste verdi"), max_length=100, required=False)
    scale_max_label = forms.CharField(label=_("Tekst ved høyeste verdi"), max_length=100, required=False)
    shown_if = forms.ModelChoiceField(
        label=_("Vis bare etter svar på"),
        queryset=Question.objects.none(),
        required=False,
        empty_label=_("Vis alltid"),
    )
    shown_if_answer = forms.CharField(
        label=_("Svaret som viser spørsmålet"),
        max_length=200,
        required=False,
        help_text=_("Skriv svaralternativet nøyaktig."),
    )

    def __init__(self, *args, earlier: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shown_if"].queryset = Question.objects.filter(pk__in=[q.pk for q in earlier])
        self.fields["shown_if"].label_from_instance = lambda q: q.text

    def clean_audience(self) -> str:
        return self.cleaned_data["audience"] or Question.Audience.EVERYONE

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

    @staticmethod
    def initial_of(question: Question) -> dict:
        initial = {
            name: getattr(question, name)
            for name in (
                "text",
                "kind",
                "help_text",
                "required",
                "scale_min",
                "scale_max",
                "scale_min_label",
                "scale_max_label",
                "version",
            )
        }
        return initial | {
            "choices": "\n".join(question.choices or []),
            "shown_if": question.shown_if_id,
            "shown_if_answer": question.shown_if_answer,
        }


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """One field per question. The rules (lindra.annual.rules.clean_answers) judge the answers:
    the form only carries what was typed, and shows the rules' errors beside each field."""

    def __init__(self, *args, questions: list[Question], answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        by_id = {q.pk: q for q in questions}
        for question in questions:
            self.fields[field_name(question)] = _field(question, by_id.get(question.shown_if_id))
            if question.pk in answers:
                self.initial[field_name(question)] = answers[question.pk]

    def raw(self) -> dict:
        """What was typed, by question id."""
        typed = {}
        for question in self.questions:
            name = field_name(question)
            if question.kind == Question.Kind.MULTIPLE:
                typed[question.pk] = self.data.getlist(name)
            else:
                typed[question.pk] = self.data.get(name, "")
        return typed

    def show_errors(self, errors: dict[int, str]) -> None:
        for question in self.questions:
            if question.pk in errors:
                self.add_error(field_name(question), errors[question.pk])

    def clean(self):
        # Errors come only from the rules; the fields themselves accept anything typed.
        return self.cleaned_data

    def sections(self):
        """The bound fields grouped by section, in order."""
        grouped = []
        for question in self.questions:
            if not grouped or grouped[-1][0].pk != question.section_id:
                grouped.append((question.section, []))
            grouped[-1][1].append((question, self[field_name(question)]))
        return grouped


def _field(question: Question, condition: Question | None) -> forms.Field:
    help_text = question.help_text
    if condition is not None:
        help_text = " ".join(
            filter(
                None,
                [
                    str(
                        _("Svar bare hvis du svarte «%(answer)s» på «%(question)s».")
                        % {"answer": question.shown_if_answer, "question": condition.text}
                    ),
                    help_text,
                ],
            )
        )
    label = question.text + ("" if question.required else " " + str(_("(valgfritt)")))
    common = {"label": label, "required": False, "help_text": help_text}
    kind = question.kind
    if kind == Question.Kind.SINGLE:
        return _Unchecked(choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE:
        return _UncheckedMultiple(
            choices=[(c, c) for c in question.choices], widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.SCALE:
        steps = []
        for step in range(question.scale_min, question.scale_max + 1):
            text = str(step)
            if step == question.scale_min and question.scale_min_label:
                text += f" ({question.scale_min_label})"
            elif step == question.scale_max and question.scale_max_label:
                text += f" ({question.scale_max_label})"
            steps.append((str(step), text))
        return _Unchecked(choices=steps, widget=forms.RadioSelect(attrs={"class": "scale"}), **common)
    if kind == Question.Kind.NUMBER:
        common["help_text"] = " ".join(
            filter(
                None,
                [
                    help_text,
                    str(
                        _("Et helt tall fra %(low)s til %(high)s.")
                        % {"low": question.scale_min, "high": question.scale_max}
                    ),
                ],
            )
        )
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}), **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)


class _Unchecked(forms.ChoiceField):
    def validate(self, value):
        """The rules judge the choice."""


class _UncheckedMultiple(forms.MultipleChoiceField):
    def validate(self, value):
        """The rules judge the choices."""


def default_dates(year: int) -> dict:
    today = timezone.localdate()
    return {"year": year, "opens_on": today, "closes_on": today + dt.timedelta(days=21)}
