"""The meetings' background tasks."""

from django.tasks import task

from lindra.meetings import invitations


@task
def mail_invitation(invitation_id: int) -> int:
    """Puts a sent invitation's e-mails in the outbox (lindra.meetings.invitations)."""
    return invitations.queue_invitation_mail(invitation_id)
