from django.tasks import task

from lindra.mail.delivery import deliver_due

BATCH = 100


@task
def deliver_outbox() -> int:
    """Sends what is due in the outbox. Queued after every commit that adds a message.

    Batch after batch while they send anything, so that a news item to thousands leaves at
    once rather than a hundred at each run of the periodic jobs; several workers at once each
    take batches of their own."""
    total = 0
    while sent := deliver_due(limit=BATCH):
        total += sent
    return total
