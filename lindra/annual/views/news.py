"""News to the network: the list, an item, writing and editing, opting out of e-mail (signed
in or from the link in each news e-mail), and the Atom feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lindra.annual import news
from lindra.annual.models import NewsItem
from lindra.annual.news_access import get_news_item, get_news_network
from lindra.annual.news_feeds import PersonalNewsFeed, PublicNewsFeed
from lindra.annual.news_forms import NewsForm
from lindra.core.views_helpers import render_form, run_form

PUBLISH, DRAFT = "publiser", "utkast"
OPT_OUT, OPT_IN = "reserver", "motta"
PER_PAGE = 20


@require_GET
def network_news(request, pk: int):
    network = get_news_network(request, pk)
    items = news.visible_news(news.audience_of_roles(request.roles)).filter(network=network)
    page = Paginator(news.with_groups(items.filter(published_at__isnull=False)), PER_PAGE).get_page(
        request.GET.get("side")
    )
    posts = news.may_post(request.roles, network)
    person = getattr(request.user, "person", None)
    return render(
        request,
        "annual/news/list.html",
        {
            "network": network,
            "page": page,
            "drafts": list(news.with_groups(items.filter(published_at__isnull=True))) if posts else [],
            "posts": posts,
            "sees_network": request.roles.sees_network(network.pk),
            "feed_url": news.feed_url(person) if person else "",
        },
    )


@require_http_methods(["GET", "POST"])
def news_new(request, pk: int):
    network = get_news_network(request, pk, post=True)
    return _edit(request, NewsItem(network=network))


@require_http_methods(["GET", "POST"])
def news_edit(request, pk: int):
    return _edit(request, get_news_item(request, pk, change=True))


def _edit(request, item: NewsItem):
    network = item.network
    initial = {
        "title": item.title,
        "body": item.body,
        "committee": item.committee,
        "public": item.public,
        "local_groups": list(item.local_groups.all()) if item.pk else [],
        "version": item.version if item.pk else 0,
    }
    form = NewsForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        groups=news.groups_of(network),
        committees=news.committees_to_post_from(request.roles, network),
    )
    publish = request.POST.get("handling") == PUBLISH

    def act(data):
        fields = {name: data.get(name) for name in news.FIELDS}
        return news.save_news(
            item,
            fields,
            list(data["local_groups"]),
            publish=publish,
            by=request.user,
            expected_version=data["version"],
            request=request,
        )

    if saved := run_form(request, form, act):
        messages.success(request, _saved_message(saved, publish))
        return redirect(saved)
    title = _("Endre nyheten") if item.pk else _("Ny nyhet til nettverket")
    return render_form(request, "annual/news/form.html", form, item=item, network=network, title=title)


def _saved_message(item: NewsItem, published_now: bool) -> str:
    if published_now:
        return _(
            "Nyheten er publisert. Den vises på forsiden til dem den er til, og sendes på e-post til dem som "
            "ikke har reservert seg."
        )
    if item.published_at:
        return _("Endringene er lagret. Nyheten er ikke sendt på e-post på nytt.")
    return _("Utkastet er lagret. Ingen ser det før du publiserer.")


@require_POST
def news_delete(request, pk: int):
    item = get_news_item(request, pk, change=True)
    try:
        news.delete_draft(item, by=request.user, request=request)
    except news.NewsError as refused:
        messages.error(request, str(refused))
        return redirect(item)
    messages.success(request, _("Utkastet er slettet."))
    return redirect("annual:network_news", item.network_id)


@require_GET
def news_item(request, pk: int):
    item = get_news_item(request, pk)
    edits = news.may_edit(request.roles, item, request.user)
    return render(
        request,
        "annual/news/item.html",
        {
            "item": item,
            "edits": edits,
            "network": item.network,
            "mailed_to": news.mailed_count(item) if edits and item.mailed_at else None,
        },
    )


# --- Opting out -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def news_opt_out(request):
    person = getattr(request.user, "person", None)
    if request.method == "POST" and person is not None:
        opted_out = request.POST.get("handling") == OPT_OUT
        news.set_opt_out(person, opted_out, by=request.user, request=request)
        messages.success(request, _opt_out_message(opted_out))
        return redirect("annual:news_opt_out")
    return render(
        request,
        "annual/news/opt_out.html",
        {
            "person": person,
            "opted_out": person is not None and news.has_opted_out(person),
            "feed_url": news.feed_url(person) if person else "",
        },
    )


def _opt_out_message(opted_out: bool) -> str:
    if opted_out:
        return _("Du får ikke lenger nyheter på e-post. Du ser dem fortsatt på forsiden når du logger inn.")
    return _("Du får nyheter på e-post igjen.")


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def news_unsubscribe(request, token: str):
    """The link in each news e-mail: opening it records nothing (mail scanners open links);
    only the button does."""
    person = news.person_for_unsubscribe_token(token)
    if person is None:
        return render(request, "annual/news/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        opted_out = request.POST.get("handling") != OPT_IN
        news.set_opt_out(person, opted_out, request=request)
        messages.success(request, _opt_out_message(opted_out))
        return redirect(request.path)
    return render(request, "annual/news/unsubscribe.html", {"person": person, "opted_out": news.has_opted_out(person)})


# --- Feeds ------------------------------------------------------------------------------------

news_feed = login_not_required(require_GET(PersonalNewsFeed()))
public_news_feed = login_not_required(require_GET(PublicNewsFeed()))
