"""Form pieces shared by the apps."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's date picker (works well on phones); the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DateInput)


class VersionedForm(forms.Form):
    """Carries the version of the record the user opened, so a save can tell whether
    someone else changed it in the meantime."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # Whether the form opens with what is stored (not with suggestions such as today's date):
    # then a refused save shows what is stored now beside it (stored_now).
    initial_is_stored = False


class OptionalVersionForm(VersionedForm):
    """A VersionedForm whose version may be left out: a form that also makes new items (which
    have none), or a change sent without it, which is then saved unchecked."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionedModelForm(forms.ModelForm):
    """A ModelForm of a record with a version: carries the version it was opened at (see
    lindra.core.versions)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


def stored_now(form) -> list[tuple[str, str]]:
    """After a save refused because someone else saved meanwhile: the fields whose typed value
    differs from what is stored now, each with its label and the stored value as shown. The
    initial values are read when the refused save comes in, so those of the record's own fields
    are what is stored now: a ModelForm's model fields, or every field of a form that says its
    initial values are stored (initial_is_stored). A suggested date or a reason is no stored value."""
    if isinstance(form, forms.ModelForm):
        stored = {field.name for field in form._meta.model._meta.get_fields()}
    else:
        # Not every versioned form is a VersionedForm (the attendance sheet is not).
        stored = set(form.fields) if getattr(form, "initial_is_stored", False) else set()
    return [
        (str(form[name].label), _shown(form[name].field, form[name].initial))
        for name in form.changed_data
        if name in stored and name in form.initial and not form[name].is_hidden
    ]


def _shown(field: forms.Field, value) -> str:
    if isinstance(field, forms.BooleanField):
        return gettext("Ja") if value else gettext("Nei")
    if isinstance(field, forms.ChoiceField):  # a model's choices too; several of them for a multiple choice
        values = value if isinstance(value, list | tuple) else [value]
        chosen = {str(getattr(v, "pk", v)) for v in values if v not in (None, "")}
        return ", ".join(str(label) for key, label in field.choices if str(getattr(key, "value", key)) in chosen)
    return "" if value is None else str(formats.localize(value))


REASON_FIELD_LABEL = _("Begrunnelse (valgfritt)")


def as_id(value: object) -> int | None:
    """A primary key typed in an address or a form: plain digits small enough for the database
    (a 64-bit integer), or None."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, for models with integer keys: a value that is no id the database can hold is
    refused as an unknown choice (Django's own lets it through to the query, where SQLite
    overflows)."""

    def _check_values(self, value):
        for pk in value:
            if as_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
