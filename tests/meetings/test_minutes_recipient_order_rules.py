"""The addresses the minutes go to are listed in alphabetical order, whatever their case."""

from lindra.meetings.rules import MinutesReader, minutes_recipients


def test_readers_and_copies_are_listed_alphabetically_without_regard_to_case():
    readers = [MinutesReader("Bjorn@lindra.no", "Bjørn"), MinutesReader("anne@lindra.no", "Anne")]
    found = minutes_recipients(readers, ["Dag@lindra.no", "cecilie@lindra.no"])
    assert found.readers == ("anne@lindra.no", "Bjorn@lindra.no")
    assert found.copies == ("cecilie@lindra.no", "Dag@lindra.no")
