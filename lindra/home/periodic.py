"""The periodic jobs: idempotent functions that one command runs in order, every minute
in production (cron or a systemd timer). Running them twice, or on two machines, is harmless.
Each app lists its own; the outbox's come first, so that mail queued earlier leaves first, and
the planner's statistics last, made after the rest has changed the tables."""

from lindra.accounts import periodic as accounts
from lindra.annual import periodic as annual
from lindra.core import periodic as core
from lindra.development import periodic as development
from lindra.mail import periodic as mail
from lindra.meetings import periodic as meetings
from lindra.privacy import periodic as privacy
from lindra.registry import periodic as registry

JOBS = [
    *mail.JOBS,
    *accounts.JOBS,
    *registry.JOBS,
    *meetings.JOBS,
    *development.JOBS,
    *annual.JOBS,
    *privacy.JOBS,
    *core.JOBS,
]
