"""The outbox's periodic jobs: take back what a dead worker claimed, then send what is due."""

from lindra.mail.delivery import deliver_due, recover_stuck

JOBS = [recover_stuck, deliver_due]
