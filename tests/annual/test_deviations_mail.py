"""The e-mail of a deviation, through the real SMTP server: the reporter is told of each step,
the handler when one arrives; each message once.

These tests commit for real: the outbox sends on commit."""

import pytest

from lindra.annual import rules
from tests.annual.deviations_support import report, step

sends_mail = pytest.mark.django_db(transaction=True)
MONA, GUNNAR, ULLA = "member@lindra.example", "group-leader@lindra.example", "committee-member@lindra.example"
SECRETARIAT_A = "lindrende.behandling@klb.example"


def subjects(outbox) -> list[tuple[str, str]]:
    return sorted((mail.envelope_to[0], mail.subject) for mail in outbox.messages)


@sends_mail
def test_the_reporter_gets_a_receipt_and_the_group_leader_the_deviation_to_handle(world, outbox):
    deviation = report(world)

    assert subjects(outbox) == [
        (GUNNAR, "Avvik å behandle: Innkallingen kom for sent"),
        (MONA, "Avviket ditt er mottatt: Innkallingen kom for sent"),
    ]
    [receipt] = outbox.to(MONA)
    assert "Gruppelederen i Bergen sentrum (Gunnar Gruppeleder) behandler det innen" in receipt.text
    assert f"/avvik/{deviation.pk}/" in receipt.text
    [to_leader] = outbox.to(GUNNAR)
    assert "Som gruppeleder behandler du det" in to_leader.text and f"/avvik/{deviation.pk}/" in to_leader.text
    assert "eller send det til Driftsgruppen hvis det ikke løses lokalt" in to_leader.text
    assert "halve gruppen" not in to_leader.text  # what happened is read in Lindra, not spread by e-mail


@sends_mail
def test_escalating_tells_the_reporter_and_the_operations_group(world, outbox):
    deviation = report(world)
    outbox.clear()

    step(world, deviation, "group_leader", rules.ESCALATE, "Gjelder rutinen for hele nettverket.")

    assert subjects(outbox) == [
        (ULLA, "Avvik å behandle: Innkallingen kom for sent"),
        (MONA, "Avviket ditt er sendt til Driftsgruppen: Innkallingen kom for sent"),
    ]
    [told] = outbox.to(MONA)
    assert "er sendt videre til Driftsgruppen" in told.text and "Gjelder rutinen for hele nettverket." in told.text


@sends_mail
def test_a_comment_from_the_handler_goes_to_the_reporter(world, outbox):
    deviation = report(world)
    outbox.clear()

    step(world, deviation, "group_leader", rules.COMMENT, "Jeg tar det opp med arrangøren.")

    assert subjects(outbox) == [(MONA, "Kommentar til avviket ditt: Innkallingen kom for sent")]
    assert "Jeg tar det opp med arrangøren." in outbox.to(MONA)[0].text


@sends_mail
def test_closing_tells_the_reporter_the_measure_taken(world, outbox):
    deviation = step(world, report(world), "group_leader", rules.ESCALATE)
    outbox.clear()

    step(world, deviation, "committee_member", rules.CLOSE, "Ny rutine: innkallingen går ut 14 dager før.")

    assert subjects(outbox) == [(MONA, "Avviket ditt er lukket: Innkallingen kom for sent")]
    [told] = outbox.to(MONA)
    assert "behandlet av Driftsgruppen og lukket" in told.text
    assert "Ny rutine: innkallingen går ut 14 dager før." in told.text


@sends_mail
def test_one_for_the_network_goes_to_the_operations_group_or_else_to_the_secretariat(world, outbox):
    report(world, group=False)
    assert [m.envelope_to for m in outbox.messages if m.subject.startswith("Avvik å behandle")] == [[ULLA]]
    outbox.clear()

    report(world, role="other_member", group=world.group_b1)  # network B has no operations group

    [to_handle] = [m for m in outbox.messages if m.subject.startswith("Avvik å behandle")]
    assert to_handle.envelope_to == ["post@fe.example"]


@sends_mail
def test_what_the_reporter_adds_goes_to_the_handler(world, outbox):
    deviation = report(world)
    outbox.clear()

    step(world, deviation, "member", rules.COMMENT, "Det samme skjedde i juni.")

    assert subjects(outbox) == [(GUNNAR, "Mer om avviket: Innkallingen kom for sent")]
    assert "Mona Medlem, som meldte avviket, har lagt til dette:" in outbox.to(GUNNAR)[0].text
