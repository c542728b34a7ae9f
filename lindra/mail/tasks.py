from django.tasks import task

from lindra.mail.delivery import deliver_due


@task
def deliver_outbox() -> int:
    """Sends what is due in the outbox. Queued after every commit that adds a message."""
    return deliver_due()
