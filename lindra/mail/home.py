"""The outbox's part of the secretariat's home page: e-mail that could not be delivered."""

from collections.abc import Iterable

from lindra.mail.models import OutboxMessage


def undelivered(network_ids: Iterable[int]) -> int:
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED, network__in=network_ids).count()
