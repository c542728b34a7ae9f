"""Who receives the minutes (seeds 000 and 001), as a pure rule: every member of the group and
every participant, a copy to the operations group's leader and the secretariat, and the
nearest leader of every member; each address exactly once, whatever its case."""

from hypothesis import given
from hypothesis import strategies as st

from lindra.meetings.rules import MinutesReader, MinutesRecipients, minutes_recipients

# A small pool, so that the same address turns up as reader, leader and copy, in any case.
POOL = ["kari@sykehjem.no", "per@hjemme.no", "lars.leder@bergen.kommune.no", "post@klb.no", "drift@klb.no", ""]


@st.composite
def addresses(draw) -> str:
    address = draw(st.sampled_from(POOL))
    flips = draw(st.lists(st.booleans(), min_size=len(address), max_size=len(address)))
    return "".join(c.upper() if flip else c for c, flip in zip(address, flips, strict=True))


names = st.sampled_from(["Kari Nordmann", "Per Hansen", "Åse Ødegård", "Ola Dahl"])
readers_strategy = st.lists(
    st.builds(MinutesReader, email=addresses(), name=names, leader_email=addresses(), leader_name=names), max_size=8
)
copies_strategy = st.lists(addresses(), max_size=4)


def everyone(found: MinutesRecipients) -> list[str]:
    return [*found.readers, *found.copies, *found.leaders]


def folded(addresses) -> set[str]:
    return {a.casefold() for a in addresses}


@given(readers=readers_strategy, copies=copies_strategy)
def test_every_address_receives_the_minutes_exactly_once(readers, copies):
    found = minutes_recipients(readers, copies)
    all_addresses = [a.casefold() for a in everyone(found)]
    assert len(all_addresses) == len(set(all_addresses))


@given(readers=readers_strategy, copies=copies_strategy)
def test_every_reader_gets_their_own(readers, copies):
    found = minutes_recipients(readers, copies)
    assert folded(r.email for r in readers if r.email) == folded(found.readers)


@given(readers=readers_strategy, copies=copies_strategy)
def test_a_copy_goes_to_those_who_are_not_readers(readers, copies):
    found = minutes_recipients(readers, copies)
    assert not folded(found.copies) & folded(found.readers)
    assert folded(c for c in copies if c) <= folded(found.copies) | folded(found.readers)


@given(readers=readers_strategy, copies=copies_strategy)
def test_every_readers_nearest_leader_is_reached_unless_already_a_reader_or_copy(readers, copies):
    found = minutes_recipients(readers, copies)
    leaders = {address.casefold(): staff for address, staff in found.leaders.items()}
    already = folded(found.readers) | folded(found.copies)
    for reader in readers:  # also the leader of a reader who has no address
        if not reader.leader_email:
            continue
        key = reader.leader_email.casefold()
        if key in already:
            assert key not in leaders
        else:
            assert reader.name in leaders[key]


@given(readers=readers_strategy, copies=copies_strategy)
def test_a_leader_is_told_only_the_names_of_their_own_staff(readers, copies):
    found = minutes_recipients(readers, copies)
    for address, staff in found.leaders.items():
        own = {r.name for r in readers if r.leader_email.casefold() == address.casefold()}
        assert set(staff) == own
        assert list(staff) == sorted(staff)


@given(readers=readers_strategy, copies=copies_strategy, upper=st.booleans())
def test_case_makes_no_difference(readers, copies, upper):
    change = str.upper if upper else str.lower
    changed = [MinutesReader(change(r.email), r.name, change(r.leader_email), r.leader_name) for r in readers]
    found = minutes_recipients(readers, copies)
    found_changed = minutes_recipients(changed, [change(c) for c in copies])
    assert folded(found.readers) == folded(found_changed.readers)
    assert folded(found.copies) == folded(found_changed.copies)
    assert {a.casefold(): s for a, s in found.leaders.items()} == {
        a.casefold(): s for a, s in found_changed.leaders.items()
    }


@given(readers=readers_strategy, copies=copies_strategy)
def test_empty_addresses_are_left_out_and_no_address_is_made_up(readers, copies):
    found = minutes_recipients(readers, copies)
    assert "" not in everyone(found)
    given_addresses = folded([*(r.email for r in readers), *(r.leader_email for r in readers), *copies]) - {""}
    assert folded(everyone(found)) <= given_addresses


def test_the_leader_of_a_member_without_an_address_still_gets_the_minutes():
    found = minutes_recipients([MinutesReader("", "Per Hansen", "lars@lindra.example", "Lars Leder")], [])
    assert found.readers == ()
    assert found.leaders == {"lars@lindra.example": ("Per Hansen",)}


def test_the_seed_example_members_leaders_and_copies():
    readers = [
        MinutesReader("mona@lindra.example", "Mona Medlem", "lars@lindra.example", "Lars Leder"),
        MinutesReader("aina@lindra.example", "Aina Arrangør", "LARS@lindra.example", "Lars Leder"),
        MinutesReader("gjest@sykehus.example", "Gerd Gjest"),
        # Her leader is also in the group: she gets the minutes once, as a member.
        MinutesReader("kari@lindra.example", "Kari Nordmann", "Aina@lindra.example", "Aina Arrangør"),
    ]
    found = minutes_recipients(readers, ["post@klb.example", "mona@LINDRA.example", "drift@klb.example"])
    assert found.readers == (
        "aina@lindra.example",
        "gjest@sykehus.example",
        "kari@lindra.example",
        "mona@lindra.example",
    )
    assert found.copies == ("drift@klb.example", "post@klb.example")
    assert found.leaders == {"lars@lindra.example": ("Aina Arrangør", "Mona Medlem")}
