"""The periodic jobs: idempotent functions that one command runs in order, every minute
in production (cron or a systemd timer). Running them twice, or on two machines, is harmless."""

from lindra.accounts.services import delete_expired_sign_in_links
from lindra.mail.delivery import deliver_due, recover_stuck
from lindra.meetings.deadlines import send_deadline_notices
from lindra.meetings.invitations import invite_those_called_since, remind_unread
from lindra.registry.services import apply_changes_due

JOBS = [
    recover_stuck,
    deliver_due,
    delete_expired_sign_in_links,
    apply_changes_due,
    send_deadline_notices,
    invite_those_called_since,
    remind_unread,
]
