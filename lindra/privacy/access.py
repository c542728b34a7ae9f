"""Who may download what Lindra holds about a person: the person themself; on their behalf
the secretariat of a network where the person is or was a member or held a term, and the
superuser. Everyone else is told the person does not exist (404, DESIGN.md §2)."""

from lindra.core.access import refuse_to_show
from lindra.registry.models import Membership, Network, Person, Term


def person_networks(person: Person) -> set[int]:
    """The networks where the person is or was a member, or held a term."""
    networks = set(Membership.objects.filter(person=person).values_list("network_id", flat=True))
    return networks | set(Term.objects.filter(person=person).values_list("network_id", flat=True))


def get_person_for_access(request, pk: int) -> tuple[Person, Network | None]:
    """The person, and the network whose secretariat asks on the person's behalf (None when
    the person asks, or the superuser)."""
    roles = request.roles
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        refuse_to_show(request, f"person {pk}")
    if person.pk == roles.person_id:
        return person, None
    shared = sorted(person_networks(person) & roles.secretariat_networks)
    if shared:
        return person, Network.objects.get(pk=shared[0])
    if roles.is_superuser:
        return person, None
    refuse_to_show(request, f"person {pk}")
