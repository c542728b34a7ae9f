"""The public page of a network (seed 003: the network's own pages, "hvem som sitter i
arbeidsgruppen, planer, årsrapport og liknende"), for anyone, without signing in.

The secretariat opts in to each item. What the page shows is read here into plain values, so
that nothing else of a person than the name and the role can reach the page: no e-mail
address, no phone number, no workplace.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lindra.annual.documents import public_documents
from lindra.annual.models import AnnualReport, NewsItem, PublicPage
from lindra.annual.reports import published_reports
from lindra.core.audit import changed_fields, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.meetings.models import Meeting
from lindra.registry.models import Committee, Network, Term

FIELDS = (
    "slug",
    "published",
    "introduction",
    "show_committees",
    "show_documents",
    "show_reports",
    "show_fagdag",
    "show_news",
)
NEWS_ON_PAGE = 5
EMBED_HEIGHT = 800  # pixels: the iframe's height in the embed code, which the website may change


class PublicPageError(DomainError):
    def __init__(self, message: str = "", *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


def page_of(network: Network) -> PublicPage:
    """The network's page, or a new unpublished one (not saved) with an address from its name."""
    return PublicPage.objects.filter(network=network).first() or PublicPage(
        network=network, slug=slugify(network.short_name)[:60], version=0
    )


@transaction.atomic
def save_page(page: PublicPage, fields: dict, *, by, expected_version: int, request=None) -> PublicPage:
    if PublicPage.objects.filter(slug=fields["slug"]).exclude(network=page.network_id).exists():
        raise PublicPageError(_("Et annet nettverk har denne adressen. Velg en annen."), field="slug")
    created = page.pk is None
    before = {} if created else {name: getattr(page, name) for name in FIELDS}
    now = timezone.now()
    if created:
        if expected_version != 0 or PublicPage.objects.filter(network=page.network_id).exists():
            raise _conflict(page)
        for name, value in fields.items():
            setattr(page, name, value)
        page.updated_at = now
        page.version = 1
        page.save()
    else:
        if not PublicPage.objects.filter(pk=page.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=now, **fields
        ):
            raise _conflict(page)
        page.refresh_from_db()
    record(
        AuditAction.CREATED if created else AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=page,
        network=page.network,
        changes=changed_fields(PublicPage, before, fields),
    )
    return page


def _conflict(page: PublicPage) -> PublicPageError:
    return PublicPageError(
        _("Noen andre har lagret siden mens du skrev. Se over og lagre igjen."),
        current_version=PublicPage.objects.filter(network=page.network_id).values_list("version", flat=True).first(),
    )


def published_page(slug: str) -> PublicPage | None:
    return PublicPage.objects.filter(slug=slug, published=True).select_related("network").first()


def page_url(page: PublicPage) -> str:
    return settings.SITE_URL + reverse("annual:public_page", args=[page.slug])


def embed_url(page: PublicPage) -> str:
    return settings.SITE_URL + reverse("annual:public_embed", args=[page.slug])


def embed_code(page: PublicPage) -> str:
    title = _("%(network)s i Lindra") % {"network": page.network.name}
    return (
        f'<iframe src="{embed_url(page)}" title="{title}" loading="lazy" '
        f'style="width:100%;height:{EMBED_HEIGHT}px;border:0"></iframe>'
    )


# --- What the page shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class PublicCommittee:
    name: str
    kind: str
    members: list[tuple[str, str]]  # (name, role): nothing else of a person


@dataclass(frozen=True)
class PublicFagdag:
    title: str
    starts_at: dt.datetime
    place: str


@dataclass(frozen=True)
class PublicContent:
    page: PublicPage
    committees: list[PublicCommittee]
    documents: list  # documents.DocumentRow: each with its version in force
    reports: list[AnnualReport]
    fagdag: PublicFagdag | None
    news: list[NewsItem]


def public_news(network: Network):
    return NewsItem.objects.filter(network=network, public=True, published_at__isnull=False).select_related("committee")


def content_of(page: PublicPage, today: dt.date, now: dt.datetime) -> PublicContent:
    """The items the secretariat opted in to, as plain values. At most five queries."""
    network = page.network
    return PublicContent(
        page=page,
        committees=_committees(network, today) if page.show_committees else [],
        documents=public_documents(network, today) if page.show_documents else [],
        reports=list(published_reports(network)) if page.show_reports else [],
        fagdag=_next_fagdag(network, now) if page.show_fagdag else None,
        news=list(public_news(network)[:NEWS_ON_PAGE]) if page.show_news else [],
    )


def _committees(network: Network, today: dt.date) -> list[PublicCommittee]:
    committees = {
        c.pk: PublicCommittee(c.name, c.get_kind_display(), [])
        for c in Committee.objects.filter(network=network, closed_on__isnull=True).order_by("name")
    }
    terms = (
        Term.objects.current(today)
        .filter(committee__in=list(committees))
        .select_related("person")
        .order_by("committee_id", "-kind", "person__family_name", "person__given_name")
    )
    for term in terms:  # the leader (utvalgsleder) sorts before the members (utvalgsmedlem)
        committees[term.committee_id].members.append((term.person.full_name, term.get_kind_display()))
    return [c for c in committees.values() if c.members]


def _next_fagdag(network: Network, now: dt.datetime) -> PublicFagdag | None:
    row = (
        Meeting.objects.filter(network=network, kind=Meeting.Kind.FAGDAG, starts_at__gte=now)
        .order_by("starts_at")
        .values_list("title", "starts_at", "place")
        .first()
    )
    return PublicFagdag(*row) if row else None
