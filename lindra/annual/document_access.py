"""Who sees and changes the network's plans and documents (DESIGN.md §2).

Everyone with a part in the network reads them: the plans bind the members and their leaders
(004: the work plan is made "på bakgrunn av nettverkets årsplan"), so the secretariat, the
committees, the group leaders, the members and the nearest leaders of members see and download
them. The secretariat and the members of the network's working group (arbeidsgruppen, which
revises the plans, 003 §6) change them. Other networks' people get 404; those who see but may
not change get 403."""

from lindra.annual.models import Document, DocumentVersion
from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.development.onboarding_access import is_in_network
from lindra.registry.models import Committee, Network


def in_working_group(roles, network_id: int) -> bool:
    return (
        bool(roles.committees)
        and Committee.objects.filter(
            pk__in=roles.committees, network=network_id, kind=Committee.Kind.WORKING, closed_on__isnull=True
        ).exists()
    )


def edits_documents(roles, network_id: int) -> bool:
    return roles.runs_network(network_id) or in_working_group(roles, network_id)


def get_network_documents(request, pk: int, *, change: bool = False) -> Network:
    network = Network.objects.filter(pk=pk).first()
    if network is None or not is_in_network(request.roles, network.pk):
        refuse_to_show(request, f"network {pk} documents")
    if change and not edits_documents(request.roles, network.pk):
        refuse_to_change(request, f"network {pk} documents", network)
    return network


def get_document_for_user(request, pk: int, *, change: bool = False) -> Document:
    document = Document.objects.select_related("network").filter(pk=pk).first()
    if document is None or not is_in_network(request.roles, document.network_id):
        refuse_to_show(request, f"document {pk}")
    if change and not edits_documents(request.roles, document.network_id):
        refuse_to_change(request, f"document {pk}", document.network)
    return document


def get_version_for_user(request, pk: int) -> DocumentVersion:
    version = DocumentVersion.objects.select_related("document__network").filter(pk=pk).first()
    if version is None or not is_in_network(request.roles, version.document.network_id):
        refuse_to_show(request, f"document version {pk}")
    return version
