"""News to the network (seed 003: "Formidle aktuelle nyheter til nettverket").

The secretariat and the committees post news to the whole network or to chosen local groups,
as a draft first if they like. A news item is for the members and the leaders of the groups
it goes to (all groups: the whole network, and then the committees too); the network's
secretariat and committees read all of its news. Publishing shows it on the home pages of
those it is for and mails it to them once, from a background task, except to those who
opted out. The nearest leaders are not in the network and get no news.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.annual import rules
from lindra.annual.models import NewsItem, NewsOptOut
from lindra.core import signed_links
from lindra.core.audit import changed_fields, plain, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.core.versions import bump_version
from lindra.mail.languages import choices_known_for
from lindra.mail.models import OutboxMessage
from lindra.mail.services import queue_message
from lindra.registry.models import Committee, Leave, LocalGroup, Membership, Network, Person, Term

UNSUBSCRIBE_SALT = "lindra.annual.news-unsubscribe"
FEED_SALT = "lindra.annual.news-feed"
ON_HOME_PAGE = 5  # the newest items on a home page
FIELDS = ("title", "body", "committee", "public")


class NewsError(DomainError):
    """A change to a news item that is refused; on a conflict, the version now."""

    def __init__(self, message: str = "", *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


# --- Who reads what ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """Where a person stands, for news: the networks whose news they read in full (secretariat,
    committees) and the local groups they are a member of or lead."""

    everything: bool = False
    networks: frozenset[int] = frozenset()
    groups: frozenset[int] = frozenset()


def audience_of_roles(roles) -> Audience:
    return Audience(
        everything=roles.is_superuser,
        networks=roles.secretariat_networks | roles.committee_networks,
        groups=roles.member_groups | roles.led_groups,
    )


def audience_of_person(person: Person, today: dt.date) -> Audience:
    """The same, read from the registry for a person who is not signed in (the feed). Two queries."""
    terms = list(Term.objects.current(today).filter(person=person).values_list("kind", "network_id", "local_group_id"))
    groups = set(Membership.objects.current(today).filter(person=person).values_list("local_group_id", flat=True))
    groups |= {group for kind, _network, group in terms if kind == Term.Kind.GROUP_LEADER}
    runs = {network for kind, network, group in terms if kind != Term.Kind.GROUP_LEADER}
    return Audience(networks=frozenset(runs), groups=frozenset(groups))


def visible_news(audience: Audience) -> QuerySet[NewsItem]:
    """The news items the audience may read: all of a network it reads in full, drafts too;
    elsewhere the published items for its groups or for the whole of their networks. One query."""
    items = NewsItem.objects.all()
    if audience.everything:
        return items
    through = NewsItem.local_groups.through.objects
    for_groups = through.filter(localgroup_id__in=audience.groups).values("newsitem_id")
    to_whole_network = ~Exists(through.filter(newsitem_id=OuterRef("pk")))
    networks_of_groups = LocalGroup.objects.filter(pk__in=audience.groups).values("network_id")
    published = Q(published_at__isnull=False)
    return items.filter(
        Q(network_id__in=audience.networks)
        | published & (Q(pk__in=for_groups) | to_whole_network & Q(network_id__in=networks_of_groups))
    )


def reads_network_news(roles, network: Network) -> bool:
    """Whether the network's list of news is for the user: anyone in the network."""
    if roles.sees_network(network.pk) or network.pk in roles.member_networks:
        return True
    return LocalGroup.objects.filter(pk__in=roles.led_groups, network=network).exists()


def may_post(roles, network: Network) -> bool:
    return roles.runs_network(network.pk) or network.pk in roles.committee_networks


def may_edit(roles, item: NewsItem, user) -> bool:
    """The secretariat edits all of its network's news; a committee member, the news from its
    committees and the news it wrote."""
    if roles.runs_network(item.network_id):
        return True
    if item.network_id not in roles.committee_networks:
        return False
    return item.committee_id in roles.committees or (item.written_by_id is not None and item.written_by_id == user.pk)


def committees_to_post_from(roles, network: Network) -> QuerySet[Committee]:
    committees = Committee.objects.filter(network=network, closed_on__isnull=True)
    return committees if roles.runs_network(network.pk) else committees.filter(pk__in=roles.committees)


def groups_of(network: Network) -> QuerySet[LocalGroup]:
    return LocalGroup.objects.filter(network=network).order_by("name")


def with_groups(items: QuerySet[NewsItem]) -> QuerySet[NewsItem]:
    return items.select_related("network", "committee").prefetch_related("local_groups")


def for_home_page(roles, limit: int = ON_HOME_PAGE) -> list[NewsItem]:
    """The newest published news for the user. Two queries."""
    return list(with_groups(visible_news(audience_of_roles(roles)).filter(published_at__isnull=False))[:limit])


def drafts_for(roles, network: Network) -> QuerySet[NewsItem]:
    return visible_news(audience_of_roles(roles)).filter(network=network, published_at__isnull=True)


# --- Writing and publishing -------------------------------------------------------------------


@transaction.atomic
def save_news(
    item: NewsItem,
    fields: dict,
    groups: list[LocalGroup],
    *,
    publish: bool,
    by,
    expected_version: int | None,
    request=None,
) -> NewsItem:
    """Saves a new or edited item; with publish, publishes a draft, which mails it once from a
    background task. Someone else's save in between is refused with the version now."""
    created = item.pk is None
    before = {name: getattr(item, name) for name in FIELDS}
    before["local_groups"] = [] if created else plain(item.local_groups.all())
    now = timezone.now()
    if created:
        for name, value in fields.items():
            setattr(item, name, value)
        item.written_by = by if getattr(by, "is_authenticated", False) else None
        item.updated_at = now
        item.save()
    else:
        bump_version(
            NewsItem,
            item.pk,
            expected_version,
            stale=lambda current: NewsError(
                _("Noen andre har lagret nyheten mens du skrev. Se over og lagre igjen."), current_version=current
            ),
            updated_at=now,
            **fields,
        )
    item.local_groups.set(groups)
    publishes = publish and item.published_at is None
    if publishes:
        NewsItem.objects.filter(pk=item.pk, published_at__isnull=True).update(published_at=now)
        transaction.on_commit(lambda: _mail_later(item.pk))
    item.refresh_from_db()
    after = {name: getattr(item, name) for name in FIELDS} | {"local_groups": plain(groups)}
    changes = changed_fields(NewsItem, before, after)
    if publishes:
        changes["published_at"] = [None, plain(item.published_at)]
    record(
        AuditAction.CREATED if created else AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=item,
        network=item.network,
        changes=changes,
    )
    return item


@transaction.atomic
def delete_draft(item: NewsItem, *, by, request=None) -> None:
    """Deletes an item nobody has seen yet; a published one is edited instead (it was mailed)."""
    if not NewsItem.objects.filter(pk=item.pk, published_at__isnull=True).exists():
        raise NewsError(_("Nyheten er publisert og sendt, og kan ikke slettes. Du kan endre den."))
    record(AuditAction.DELETED, request=request, actor=by, obj=item, network=item.network)
    item.delete()


def _mail_later(item_id: int) -> None:
    from lindra.annual.news_tasks import mail_news

    mail_news.enqueue(item_id)


# --- Mailing ----------------------------------------------------------------------------------


def recipients_of(item: NewsItem, today: dt.date) -> dict[int, str]:
    """Who gets the item by e-mail today, person id to address (lindra.annual.rules). Four queries."""
    targets = frozenset(item.local_groups.values_list("pk", flat=True))
    members = Membership.objects.current(today).filter(network=item.network_id)
    leaders = Term.objects.current(today).filter(network=item.network_id, kind=Term.Kind.GROUP_LEADER)
    if targets:
        members = members.filter(local_group__in=targets)
        leaders = leaders.filter(local_group__in=targets)
    on_leave = Exists(Leave.objects.current(today).filter(membership=OuterRef("pk")))
    readers = [
        rules.NewsReader(person_id, email, group_id, leave)
        for person_id, email, group_id, leave in members.annotate(on_leave=on_leave).values_list(
            "person_id", "person__email", "local_group_id", "on_leave"
        )
    ] + [
        rules.NewsReader(person_id, email, group_id)
        for person_id, email, group_id in leaders.values_list("person_id", "person__email", "local_group_id")
    ]
    committee = list(
        Term.objects.current(today)
        .filter(network=item.network_id, committee__isnull=False, committee__closed_on__isnull=True)
        .values_list("person_id", "person__email")
    )
    opted_out = NewsOptOut.objects.values_list("person_id", flat=True)
    return rules.news_recipients(targets, readers, committee=committee, opted_out=frozenset(opted_out))


def mail_news(item_id: int) -> int:
    """Queues the item's e-mail to each of those it is for, once: the item is marked mailed in
    the same transaction, and each message has its own dedupe key. Returns how many were queued."""
    now = timezone.now()
    with transaction.atomic():
        item = NewsItem.objects.select_related("network", "committee").filter(pk=item_id).first()
        if item is None or not rules.news_mail_is_due(item.published_at, item.mailed_at, now):
            return 0
        if not NewsItem.objects.filter(pk=item_id, mailed_at__isnull=True).update(mailed_at=now):
            return 0
        url = settings.SITE_URL + item.get_absolute_url()
        queued = 0
        recipients = recipients_of(item, timezone.localdate())
        with choices_known_for(recipients.values()):
            for person_id, email in recipients.items():
                queued += bool(
                    queue_message(
                        "news_item",
                        to=[email],
                        reply_to=[item.network.secretariat_email],
                        context={"item": item, "url": url, "unsubscribe_url": unsubscribe_url(person_id)},
                        network=item.network,
                        dedupe_key=f"news:{item.pk}:{person_id}",
                    )
                )
        return queued


def mailed_count(item: NewsItem) -> int:
    """How many the item was mailed to (the outbox keeps one message per person)."""
    return OutboxMessage.objects.filter(kind="news_item", dedupe_key__startswith=f"news:{item.pk}:").count()


def mail_published_news() -> int:
    """The periodic job: mails what was published but whose mailing was lost (a worker down),
    while it is still news (rules.news_mail_is_due)."""
    since = timezone.now() - rules.NEWS_MAIL_FRESH_FOR
    due = NewsItem.objects.filter(mailed_at__isnull=True, published_at__gte=since).values_list("pk", flat=True)
    return sum(mail_news(pk) for pk in list(due))


# --- Opting out -------------------------------------------------------------------------------


def unsubscribe_token(person_id: int) -> str:
    return signed_links.sign({"person": person_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(person_id: int) -> str:
    return settings.SITE_URL + reverse("annual:news_unsubscribe", args=[unsubscribe_token(person_id)])


def person_for_unsubscribe_token(token: str) -> Person | None:
    data = signed_links.unsign(token, salt=UNSUBSCRIBE_SALT)
    if data is None or not isinstance(data.get("person"), int):
        return None
    return Person.objects.filter(pk=data["person"]).first()


def has_opted_out(person: Person) -> bool:
    return NewsOptOut.objects.filter(person=person).exists()


@transaction.atomic
def set_opt_out(person: Person, opted_out: bool, *, by=None, request=None) -> bool:
    """Records that the person wants no news by e-mail, or wants it again. Returns whether
    anything changed (a second click changes nothing)."""
    existing = NewsOptOut.objects.filter(person=person).first()
    if opted_out == (existing is not None):
        return False
    if opted_out:
        record(AuditAction.CREATED, request=request, actor=by, obj=NewsOptOut.objects.create(person=person))
    else:
        record(AuditAction.DELETED, request=request, actor=by, obj=existing)
        existing.delete()
    return True


# --- The personal feed ------------------------------------------------------------------------


def feed_token(person: Person) -> str:
    return signed_links.sign_id(person.pk, salt=FEED_SALT)


def person_for_feed_token(token: str) -> Person | None:
    pk = signed_links.unsign_id(token, salt=FEED_SALT)
    return Person.objects.filter(pk=pk).first() if pk is not None else None


def feed_url(person: Person) -> str:
    return settings.SITE_URL + reverse("annual:news_feed", args=[feed_token(person)])
