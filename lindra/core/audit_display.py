"""The audit log as people read it: what changed, in Norwegian words, not keys and codes.

An event's changes are read through the model its object_type names, found in the app
registry. A key is a field of that model (shown by its verbose name, its value as the
choice's label, ja/nei, a Norwegian date, or the name of the related object), a relation of
it (the related objects' changes nested under their names), or a fact that the model labels
in its `audit_labels`. Events without an object (signing in, refused access) use the words
below. The names of related objects are looked up for the whole page at once: one query
for each kind of object.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.formats import date_format, number_format, time_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.core.audit import TEXT_SAVED
from lindra.core.models import AuditAction, AuditEvent

NOTHING = "–"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?$")

# The facts of events that concern no object: how someone signed in, what a refusal answered.
EVENT_LABELS = {
    "method": gettext_lazy("innlogging med"),
    "status": gettext_lazy("svar"),
    "unknown": gettext_lazy("ukjent e-postadresse"),
    "inactive": gettext_lazy("kontoen er stengt"),
    "two_factor": gettext_lazy("andre faktor"),
    "purpose": gettext_lazy("koden var for"),
    "replaced": gettext_lazy("byttet app"),
    "new_recovery_codes": gettext_lazy("nye gjenopprettingskoder"),
    "reset": gettext_lazy("nullstilt av administrator"),
}
EVENT_VALUES = {
    "method": {
        "password": gettext_lazy("passord"),
        "link": gettext_lazy("lenke på e-post"),
        "password_reset": gettext_lazy("nytt passord"),
        "two_factor": gettext_lazy("engangskode"),
    },
    "two_factor": {
        "verify": gettext_lazy("venter på koden fra appen"),
        "setup": gettext_lazy("venter på at appen settes opp"),
        "totp": gettext_lazy("kode fra appen"),
        "recovery": gettext_lazy("gjenopprettingskode"),
        "new_app": gettext_lazy("kode fra en ny app"),
    },
    "purpose": {
        "sign_in": gettext_lazy("innlogging"),
        "setup": gettext_lazy("å sette opp appen"),
        "turn_off": gettext_lazy("å slå av tofaktorinnlogging"),
    },
    "status": {
        404: gettext_lazy("siden ble ikke vist (404)"),
        403: gettext_lazy("endringen ble ikke tillatt (403)"),
    },
}


@dataclass(frozen=True)
class Line:
    label: str
    text: str


@dataclass(frozen=True)
class Entry:
    event: AuditEvent
    subject: str  # what the event concerns, e.g. "Møte: Gruppemøte om smertelindring, 3. mars 2026"
    lines: list[Line]


def describe(events: Iterable[AuditEvent]) -> list[Entry]:
    """The events of a page, each with what it concerns and what changed, in words."""
    events = list(events)
    names = _Names()
    for event in events:
        _lines(event, names)  # the first reading finds the related objects to look up
    names.look_up()
    return [Entry(event, _subject(event), _lines(event, names)) for event in events]


class _Names:
    """The names of related objects by model and id, looked up in one query per model."""

    def __init__(self):
        self._wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        self._found: dict[tuple[type[models.Model], int], str] = {}

    def of(self, model: type[models.Model], pk: int) -> str:
        if (model, pk) not in self._found:
            self._wanted[model].add(pk)
            return ""
        return self._found[(model, pk)]

    def look_up(self) -> None:
        for model, pks in self._wanted.items():
            objects = model._default_manager.in_bulk(pks)
            for pk in pks:
                self._found[(model, pk)] = (
                    str(objects[pk]) if pk in objects else _("nr. %(pk)s, som er slettet") % {"pk": pk}
                )
        self._wanted.clear()


def _model(event: AuditEvent) -> type[models.Model] | None:
    try:
        return apps.get_model(event.object_type) if event.object_type else None
    except (LookupError, ValueError):
        return None


def _subject(event: AuditEvent) -> str:
    if event.action == AuditAction.ACCESS_REFUSED:
        return event.path or NOTHING  # the address that was refused; the target is for developers
    model = _model(event)
    kind = str(capfirst(model._meta.verbose_name)) if model else ""
    return ": ".join(part for part in [kind, event.target] if part) or NOTHING


def _lines(event: AuditEvent, names: _Names) -> list[Line]:
    if not isinstance(event.changes, dict):
        return []
    model = _model(event)
    return [Line(str(capfirst(label)), text) for label, text in _read(model, event.changes, names)]


def _read(model: type[models.Model] | None, changes: dict[str, Any], names: _Names) -> list[tuple[str, str]]:
    """(label, text) for each change, the label as written inside a sentence."""
    read = []
    for key, value in changes.items():
        field = _field(model, key)
        if field is not None:
            read.append((_label(field), _field_text(field, value, names)))
        else:
            label = getattr(model, "audit_labels", {}).get(key) or EVENT_LABELS.get(key) or key
            read.append((str(label), _text(value, EVENT_VALUES.get(key, {}))))
    return read


def _field(model: type[models.Model] | None, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _is_reverse(field) -> bool:
    return field.auto_created and not field.concrete


def _label(field) -> str:
    if _is_reverse(field):
        meta = field.related_model._meta
        return str(meta.verbose_name if field.one_to_one else meta.verbose_name_plural)
    return str(field.verbose_name)


def _field_text(field, value: Any, names: _Names) -> str:
    if _is_reverse(field):
        return _relation_text(field, value, names)
    if _is_change(field, value):
        return f"{_value_text(field, value[0], names)} → {_value_text(field, value[1], names)}"
    return _value_text(field, value, names)


def _is_change(field, value: Any) -> bool:
    """[old, new]: for a field of many, two lists of names; for others, any two values."""
    if not (isinstance(value, list) and len(value) == 2):
        return False
    return all(isinstance(item, list) for item in value) if field.many_to_many else True


def _relation_text(relation, value: Any, names: _Names) -> str:
    """A relation from another model: the related objects' own changes, by their names; or
    the id of the one related object; or how many there are."""
    related = relation.related_model
    if isinstance(value, dict) and relation.one_to_one:
        return _nested(related, value, names)
    if isinstance(value, dict):
        return (
            "; ".join(
                f"{name} ({_nested(related, fields, names)})"
                if isinstance(fields, dict)
                else f"{name}: {_text(fields)}"
                for name, fields in value.items()
            )
            or NOTHING
        )
    if _is_id(value) and relation.one_to_one:
        return names.of(related, value)
    return _text(value)


def _nested(model: type[models.Model], changes: dict[str, Any], names: _Names) -> str:
    return ", ".join(f"{label}: {text}" for label, text in _read(model, changes, names))


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _value_text(field, value: Any, names: _Names) -> str:
    if value is None or value in ("", "None"):
        return NOTHING
    if isinstance(value, list | dict) or field.many_to_many:
        return _text(value)
    if value == TEXT_SAVED and isinstance(field, models.TextField):
        return _("lagret")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _yes_no(value)
    if field.is_relation and _is_id(value):
        return names.of(field.related_model, value)
    if isinstance(field, models.DateTimeField):
        return _datetime_text(str(value))
    if isinstance(field, models.DateField):
        return _date_text(str(value))
    if isinstance(field, models.TimeField):
        time = parse_time(str(value))
        return time_format(time, "H:i") if time else str(value)
    if isinstance(field, models.DecimalField | models.FloatField):
        return number_format(value)
    return str(value)


def _text(value: Any, labels: dict | None = None) -> str:
    """A value that is no field's: yes or no, a date, a list, or as it was written."""
    if isinstance(value, bool) or value in ("True", "False"):
        return _yes_no(value)
    if value is None or value == "":
        return NOTHING
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value) or NOTHING
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_text(item)}" for key, item in value.items())
    if labels and value in labels:
        return str(labels[value])
    if isinstance(value, str) and ISO_DATE.match(value):
        return _datetime_text(value) if len(value) > 10 else _date_text(value)
    return str(value)


def _yes_no(value: Any) -> str:
    return _("ja") if value in (True, "True") else _("nei")


def _date_text(value: str) -> str:
    try:
        day = parse_date(value[:10])
    except ValueError:
        day = None
    return date_format(day, "DATE_FORMAT") if day else value


def _datetime_text(value: str) -> str:
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        return _date_text(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "DATE_AT_TIME_FORMAT")
