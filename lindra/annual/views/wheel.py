"""The annual wheel of a network (its secretariat and committees) and of a local group (its
leader and members besides), as a page and as one printable A4 page."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lindra.annual import wheel as wheels
from lindra.core.access import refuse_to_show
from lindra.meetings.yearly import years_shown
from lindra.registry.access import get_group_for_user, get_network_for_user


def _check_year(request, year: int) -> None:
    if year not in years_shown(timezone.localdate()):
        refuse_to_show(request, f"wheel year {year}")


def _page(request, wheel: wheels.Wheel, url, pdf_url: str):
    shown = years_shown(wheel.today)
    return render(
        request,
        "annual/wheel/page.html",
        {
            **wheels.context(wheel),
            "title": wheels.title(wheel),
            "pdf_url": pdf_url,
            "previous_url": url(wheel.year - 1) if wheel.year - 1 in shown else "",
            "next_url": url(wheel.year + 1) if wheel.year + 1 in shown else "",
            "sees_network": request.roles.sees_network(wheel.network.pk),
        },
    )


def _pdf(wheel: wheels.Wheel) -> HttpResponse:
    response = HttpResponse(wheels.render_pdf(wheel), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{wheels.pdf_filename(wheel)}"'
    return response


def _network_wheel(request, pk: int, year: int) -> wheels.Wheel:
    network = get_network_for_user(request, pk)
    _check_year(request, year)
    return wheels.network_wheel(network, year, request.roles, timezone.localdate())


def _group_wheel(request, pk: int, year: int) -> wheels.Wheel:
    group = get_group_for_user(request, pk)
    _check_year(request, year)
    return wheels.group_wheel(group, year, request.roles, timezone.localdate())


@require_GET
def network_wheel(request, pk: int, year: int):
    wheel = _network_wheel(request, pk, year)
    return _page(
        request,
        wheel,
        lambda y: wheels.wheel_url(wheel.network, y),
        wheels.wheel_pdf_url(wheel.network, year),
    )


@require_GET
def network_wheel_pdf(request, pk: int, year: int):
    return _pdf(_network_wheel(request, pk, year))


@require_GET
def group_wheel(request, pk: int, year: int):
    wheel = _group_wheel(request, pk, year)
    return _page(
        request,
        wheel,
        lambda y: wheels.group_wheel_url(wheel.group, y),
        wheels.group_wheel_pdf_url(wheel.group, year),
    )


@require_GET
def group_wheel_pdf(request, pk: int, year: int):
    return _pdf(_group_wheel(request, pk, year))
