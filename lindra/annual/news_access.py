"""Who reads and who writes a network's news, and who edits its public page (DESIGN.md §2).

News is read by those it is for (lindra.annual.news.visible_news): the members and leaders of
its groups, the whole network when it has none; the network's secretariat and committees read
all of it, drafts too. The secretariat and the committee members post; the secretariat edits
all of the network's news, a committee member what came from its committees or from itself.
Others in the network see the news but may not post: 403. The public page is edited by the
secretariat; the committee sees the network but may not change it: 403."""

from django.shortcuts import get_object_or_404

from lindra.annual import news
from lindra.annual.models import NewsItem
from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.registry.models import Network


def get_news_network(request, pk: int, *, post: bool = False) -> Network:
    network = get_object_or_404(Network, pk=pk)
    if not news.reads_network_news(request.roles, network):
        refuse_to_show(request, f"news of network {pk}", network)
    if post and not news.may_post(request.roles, network):
        refuse_to_change(request, f"news of network {pk}", network)
    return network


def get_news_item(request, pk: int, *, change: bool = False) -> NewsItem:
    item = (
        news.with_groups(news.visible_news(news.audience_of_roles(request.roles)).filter(pk=pk))
        .select_related("written_by")
        .first()
    )
    if item is None:
        refuse_to_show(request, f"news item {pk}")
    if change and not news.may_edit(request.roles, item, request.user):
        refuse_to_change(request, f"news item {pk}", item.network)
    return item


def get_public_page_network(request, pk: int) -> Network:
    network = get_object_or_404(Network, pk=pk)
    if not request.roles.sees_network(network.pk):
        refuse_to_show(request, f"public page of network {pk}", network)
    if not request.roles.runs_network(network.pk):
        refuse_to_change(request, f"public page of network {pk}", network)
    return network
