"""The secretariat's questions to the audit log: about whom, by whom, when, what; and the
answer as a spreadsheet."""

import csv
import datetime as dt

from django import forms
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.accounts.models import User
from lindra.core.audit_display import describe
from lindra.core.forms import date_field
from lindra.core.models import AuditAction
from lindra.core.spreadsheets import xlsx_response
from lindra.registry.models import Membership, Person


def people_of(roles):
    """The people whose entries the user may look up: everyone for the superuser; for a
    secretariat, the members, leaders and nearest leaders of its networks."""
    if roles.is_superuser:
        return Person.objects.all()
    nets = roles.secretariat_networks
    return Person.objects.filter(
        Q(memberships__network_id__in=nets) | Q(terms__network_id__in=nets) | Q(led_memberships__network_id__in=nets)
    ).distinct()


class AuditFilterForm(forms.Form):
    person = forms.ModelChoiceField(
        label=gettext_lazy("Gjelder person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alle"),
        help_text=gettext_lazy("Oppføringer om personen, av personen eller med personens navn eller e-post."),
    )
    user = forms.ModelChoiceField(
        label=gettext_lazy("Utført av"), queryset=User.objects.none(), required=False, empty_label=gettext_lazy("Alle")
    )
    handling = forms.ChoiceField(label=gettext_lazy("Handling"), required=False)
    fra = date_field(gettext_lazy("Fra og med"), required=False)
    til = date_field(gettext_lazy("Til og med"), required=False)

    def __init__(self, data, *, roles):
        super().__init__(data)
        people = people_of(roles).order_by("family_name", "given_name", "pk")
        self.fields["person"].queryset = people
        self.fields["person"].error_messages["invalid_choice"] = _("Velg en person fra listen.")
        self.fields["user"].queryset = (
            User.objects.filter(person__in=people.values("pk")).select_related("person").order_by("pk")
        )
        self.fields["user"].label_from_instance = lambda user: str(user)
        self.fields["user"].error_messages["invalid_choice"] = _("Velg en bruker fra listen.")
        self.fields["handling"].choices = [("", _("Alle")), *AuditAction.choices]
        self.fields["handling"].error_messages["invalid_choice"] = _("Velg en handling fra listen.")

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["til"] < data["fra"]:
            self.add_error("til", _("Til-datoen kan ikke være før fra-datoen."))
        return data

    def filter(self, events):
        data = self.cleaned_data
        person = data.get("person")
        if person is not None:
            memberships = [str(pk) for pk in Membership.objects.filter(person=person).values_list("pk", flat=True)]
            about = Q(object_type="registry.Person", object_id=str(person.pk))
            about |= Q(object_type="registry.Membership", object_id__in=memberships)
            about |= Q(actor__person=person)
            about |= Q(target__in=[text for text in [person.full_name, person.email] if text])
            events = events.filter(about)
        if data.get("user") is not None:
            events = events.filter(actor=data["user"])
        if data.get("handling"):
            events = events.filter(action=data["handling"])
        zone = timezone.get_current_timezone()
        if data.get("fra"):
            events = events.filter(at__gte=dt.datetime.combine(data["fra"], dt.time.min, zone))
        if data.get("til"):
            events = events.filter(at__lt=dt.datetime.combine(data["til"] + dt.timedelta(days=1), dt.time.min, zone))
        return events


HEADERS = [
    gettext_lazy("Tid"),
    gettext_lazy("Handling"),
    gettext_lazy("Utført av"),
    gettext_lazy("Gjelder"),
    gettext_lazy("Endringer"),
    gettext_lazy("Nettverk"),
    gettext_lazy("Fra"),
    gettext_lazy("Logglinje"),
]


def _rows(events):
    for start in range(0, len(events), 500):
        for entry in describe(events[start : start + 500]):
            event = entry.event
            yield [
                timezone.localtime(event.at).replace(tzinfo=None),
                event.get_action_display(),
                event.actor_label,
                entry.subject,
                "; ".join(f"{line.label}: {line.text}" for line in entry.lines),
                str(event.network) if event.network else "",
                event.ip or "",
                event.pk,
            ]


def export(events, kind: str) -> HttpResponse:
    events = list(events)
    name = f"logg-{timezone.localdate().isoformat()}"
    headers = [str(header) for header in HEADERS]
    if kind == "xlsx":
        return xlsx_response(f"{name}.xlsx", _("Logg"), headers, _rows(events))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the letters æøå right
    writer = csv.writer(response, delimiter=";")
    writer.writerow(headers)
    for row in _rows(events):
        writer.writerow([f"{row[0]:%Y-%m-%d %H:%M:%S}", *row[1:]])
    return response
