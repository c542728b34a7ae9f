from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.core.spreadsheets import xlsx_response
from lindra.registry.access import get_network_for_user
from lindra.registry.models import Municipality, Profession, Workplace
from lindra.registry.queries import SORTS, STATUSES, member_list


def _filters(request) -> dict:
    get = request.GET
    status = get.get("status", "aktive")
    return {
        "q": get.get("q", "").strip(),
        "group": get.get("gruppe", ""),
        "municipality": get.get("kommune", ""),
        "profession": get.get("yrke", ""),
        "status": status if status in STATUSES else "aktive",
        "sort": get.get("sorter", "navn") if get.get("sorter") in SORTS else "navn",
    }


@require_GET
def members(request, pk: int):
    """The secretariat's list of members: search, filter, sort, page, and export what is shown."""
    exported = request.GET.get("format") == "xlsx"
    network = get_network_for_user(request, pk, change=True, viewed=True, exported=exported)
    filters = _filters(request)
    rows = member_list([network.pk], day=timezone.localdate(), **filters)
    if request.GET.get("format") == "xlsx":
        return _export(network, rows)
    page = Paginator(rows, 50).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "registry/members.html",
        {
            "network": network,
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "groups": network.groups.values_list("pk", "name"),
            # The municipalities of the members' workplaces, as a semi-join: the database reads each
            # one once rather than once per member, and the menu needs no more than number and name.
            "municipalities": Municipality.objects.filter(
                number__in=Workplace.objects.filter(memberships__network=network).values("municipality_id")
            ).values_list("number", "name"),
            "professions": Profession.choices,
            "statuses": [
                ("aktive", _("Aktive")),
                ("permisjon", _("I permisjon")),
                ("sluttet", _("Sluttet")),
                ("alle", _("Alle")),
            ],
            "sorts": [
                ("navn", _("Navn")),
                ("gruppe", _("Lokalgruppe")),
                ("arbeidssted", _("Arbeidssted")),
                ("start", _("Nyeste først")),
            ],
        },
    )


def _export(network, rows):
    headers = [
        _("Etternavn"),
        _("Fornavn"),
        _("E-post"),
        _("Telefon"),
        _("Yrke"),
        _("Lokalgruppe"),
        _("Arbeidssted"),
        _("Kommune"),
        _("Nærmeste leder"),
        _("Leders e-post"),
        _("Startdato"),
        _("Sluttdato"),
        _("Permisjon"),
    ]

    def lines():
        for m in rows.iterator(chunk_size=2000):
            leader = m.nearest_leader
            yield [
                m.person.family_name,
                m.person.given_name,
                m.person.email or "",
                m.person.phone,
                m.person.get_profession_display(),
                m.local_group,
                m.workplace,
                m.workplace.municipality,
                leader or "",
                leader.email if leader else "",
                m.starts_on,
                m.ends_on,
                _("Ja") if m.on_leave else "",
            ]

    return xlsx_response(
        f"medlemmer-{network.pk}-{timezone.localdate().isoformat()}.xlsx", _("Medlemmer"), headers, lines()
    )
