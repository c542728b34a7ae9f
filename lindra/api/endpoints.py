"""The read API for the systems around Lindra (HR systems, the regional website, the
sector's reporting): django-ninja, with its OpenAPI description and a browsable page of it.

Each call is authenticated by a token (lindra.api.tokens), counted against the per-minute
limit, checked against the token's network and scope (lindra.api.access) and logged. The
answers come from the apps' own read functions, a fixed number of queries per call.
"""

from typing import Annotated

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from pydantic import Field

from lindra.annual import reports
from lindra.api import access, tokens
from lindra.api.access import ApiRefusal
from lindra.api.models import Scope
from lindra.api.schemas import GroupOut, MeetingKind, MeetingOut, MemberOut, NetworkOut, Problem, ReportOut
from lindra.meetings.models import Meeting
from lindra.meetings.yearly import year_bounds
from lindra.registry.models import LocalGroup, Network, Term
from lindra.registry.queries import member_list, name_list

MAX_ID = 2**63 - 1
ID = Path(..., ge=1, le=MAX_ID)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer lindra_…`: the token, its limit, and when it was last used."""

    def authenticate(self, request, token: str):
        found = tokens.token_for(token)
        if found is None:
            access.refuse(request, 401, _("Ukjent API-nøkkel. Be sekretariatet om en ny."))
        if found.revoked_at is not None:
            access.refuse(request, 401, _("API-nøkkelen er trukket tilbake. Be sekretariatet om en ny."), token=found)
        wait = tokens.count_call(found)
        if wait is not None:
            access.refuse(
                request,
                429,
                _("For mange kall med denne API-nøkkelen. Vent %(seconds)s sekunder og prøv igjen.")
                % {"seconds": wait},
                token=found,
                wait_seconds=wait,
            )
        tokens.mark_used(found)
        return found


class Docs(Swagger):
    """Swagger UI from Lindra's own static files, with no inline script (the CSP allows none)."""

    template = "api/docs.html"


class LindraAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """Each operation by its function's name (`group_name_list`), as its URL is named."""
        return operation.view_func.__name__


api = LindraAPI(
    title="Lindra",
    version="1",
    description=(
        "Lese-API for systemene rundt Lindra: nettverk og lokalgrupper, navnelister med nærmeste leder, "
        "møter med tall og årsrapportens tall. Hver nøkkel hører til ett nettverk og har én eller flere "
        "tilganger (groups, people, meetings, reports); sekretariatet lager den. Send den som "
        "`Authorization: Bearer <nøkkel>`. Høyst et fast antall kall per minutt per nøkkel (svar 429)."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    docs=Docs(),
    docs_url="/dokumentasjon/",
    openapi_url="/openapi.json",
)

REFUSALS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}


def _problem(request, status: int, message: str, **extra):
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(ApiRefusal)
def refused(request, refusal: ApiRefusal):
    response = _problem(request, refusal.status, refusal.message)
    if refusal.status == 401:
        response["WWW-Authenticate"] = "Bearer"
    if refusal.wait_seconds is not None:
        response["Retry-After"] = str(refusal.wait_seconds)
    return response


@api.exception_handler(AuthenticationError)
def no_token(request, error: AuthenticationError):
    """No Authorization header, or not a bearer token."""
    try:
        access.refuse(request, 401, _("Mangler API-nøkkel. Send den i headeren «Authorization: Bearer <nøkkel>»."))
    except ApiRefusal as refusal:
        return refused(request, refusal)


@api.exception_handler(ValidationError)
def invalid(request, error: ValidationError):
    return _problem(request, 422, _("Ugyldige parametre i forespørselen."), errors=error.errors)


class Pages(PageNumberPagination):
    """Lists come a page at a time: `page` from 1, `page_size` up to 500 (100 unless asked)."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=500)

    def __init__(self, **kwargs):
        super().__init__(page_size=100, max_page_size=500, **kwargs)


# --- Networks and groups --------------------------------------------------------------------


@api.get("/nettverk", response={200: list[NetworkOut], **REFUSALS}, url_name="networks", summary="Nettverket")
@paginate(Pages)
def networks(request):
    """Nettverket nøkkelen hører til (en liste, så den kan vokse)."""
    token = access.token_with_scope(request, Scope.GROUPS)
    access.log_read(request, token.network)
    return Network.objects.filter(pk=token.network_id)


@api.get("/nettverk/{network_id}", response={200: NetworkOut, **REFUSALS}, url_name="network", summary="Ett nettverk")
def network(request, network_id: int = ID):
    found = access.network_for(request, network_id, Scope.GROUPS)
    access.log_read(request, found)
    return found


def _groups():
    today = timezone.localdate()
    leaders = Term.objects.current(today).filter(kind=Term.Kind.GROUP_LEADER).select_related("person")
    return LocalGroup.objects.prefetch_related(
        "municipalities", Prefetch("terms", queryset=leaders.order_by("starts_on", "pk"), to_attr="current_leaders")
    ).order_by("name", "pk")


@api.get(
    "/nettverk/{network_id}/grupper",
    response={200: list[GroupOut], **REFUSALS},
    url_name="groups",
    summary="Nettverkets lokalgrupper",
)
@paginate(Pages)
def groups(request, network_id: int = ID):
    """Med kommunene de dekker og dagens gruppeledere; avsluttede grupper med datoen."""
    found = access.network_for(request, network_id, Scope.GROUPS)
    access.log_read(request, found)
    return _groups().filter(network=found)


@api.get("/grupper/{group_id}", response={200: GroupOut, **REFUSALS}, url_name="group", summary="Én lokalgruppe")
def group(request, group_id: int = ID):
    found = access.group_for(request, group_id, Scope.GROUPS)
    access.log_read(request, found)
    return _groups().get(pk=found.pk)


# --- Name lists -----------------------------------------------------------------------------


@api.get(
    "/nettverk/{network_id}/navneliste",
    response={200: list[MemberOut], **REFUSALS},
    url_name="network_name_list",
    summary="Nettverkets navneliste",
)
@paginate(Pages)
def network_name_list(request, network_id: int = ID):
    """Dagens medlemmer (også de i permisjon), med arbeidssted og nærmeste leder."""
    found = access.network_for(request, network_id, Scope.PEOPLE)
    access.log_read(request, found, personal_data=True)
    today = timezone.localdate()
    return member_list([found.pk], status="alle", day=today).current(today)


@api.get(
    "/grupper/{group_id}/navneliste",
    response={200: list[MemberOut], **REFUSALS},
    url_name="group_name_list",
    summary="Gruppens navneliste",
)
@paginate(Pages)
def group_name_list(request, group_id: int = ID):
    """Gruppens medlemmer i dag, slik historikken plasserer dem, med nærmeste leder."""
    found = access.group_for(request, group_id, Scope.PEOPLE)
    access.log_read(request, found, personal_data=True)
    return name_list(found, timezone.localdate())


# --- Meetings -------------------------------------------------------------------------------


@api.get(
    "/nettverk/{network_id}/moter",
    response={200: list[MeetingOut], **REFUSALS},
    url_name="meetings",
    summary="Nettverkets møter i et år",
)
@paginate(Pages)
def meetings(
    request,
    network_id: int = ID,
    year: Annotated[int | None, Query(alias="ar", ge=2000, le=2100, description="Året, i år om ikke oppgitt.")] = None,
    kind: Annotated[MeetingKind | None, Query(alias="type", description="Bare møter av denne typen.")] = None,
    group_id: Annotated[int | None, Query(alias="gruppe", ge=1, le=MAX_ID, description="Bare denne gruppens.")] = None,
):
    """Nettverksmøter, utvalgsmøter, fagdager og kurs, med innkalte, påmeldte, forfall og oppmøte."""
    found = access.network_for(request, network_id, Scope.MEETINGS)
    access.log_read(request, found)
    start, end = year_bounds(year or timezone.localdate().year)
    rows = Meeting.objects.filter(network=found, starts_at__gte=start, starts_at__lt=end)
    if kind:
        rows = rows.filter(kind=kind)
    if group_id:
        rows = rows.filter(local_group_id=group_id)
    return rows.with_answer_counts().order_by("starts_at", "pk")


@api.get("/moter/{meeting_id}", response={200: MeetingOut, **REFUSALS}, url_name="meeting", summary="Ett møte")
def meeting(request, meeting_id: int = ID):
    found = access.meeting_for(request, meeting_id, Scope.MEETINGS)
    access.log_read(request, found)
    return found


# --- The annual report ----------------------------------------------------------------------


@api.get(
    "/nettverk/{network_id}/arsrapport/{year}",
    response={200: ReportOut, **REFUSALS},
    url_name="report",
    summary="Årsrapportens tall",
)
def report(request, network_id: int = ID, year: int = Path(..., ge=2000, le=2100)):
    """Tallene slik de ble publisert, eller slik Lindra regner dem ut i dag for et år som ikke er publisert."""
    found = access.network_for(request, network_id, Scope.REPORTS)
    if year not in reports.years_of_reports(timezone.localdate()):
        access.refuse(request, 404, _("Lindra har ingen årsrapport for %(year)s.") % {"year": year}, token=request.auth)
    annual_report = reports.report_of(found, year)
    access.log_read(request, annual_report or found)
    figures = reports.figures_of(found, year, annual_report)
    published = annual_report is not None and annual_report.published_figures is not None
    return {"network_id": found.pk, "year": year, "published": published, "figures": figures}


def urls():
    """The API's URL patterns: none behind Lindra's sign-in, since the token is the sign-in."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns, app_name, namespace
