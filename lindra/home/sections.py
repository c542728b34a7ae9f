"""What the home page shows each role: what is due for me now, put together from each app's
own part (its home module). A fixed number of queries per role, whatever the size of the data."""

from dataclasses import dataclass

from django.utils import timezone

from lindra.accounts.roles import Roles
from lindra.annual import home as annual_home
from lindra.core.shortlists import Shortlist
from lindra.development import home as development_home
from lindra.mail import home as mail_home
from lindra.meetings import home as meetings_home
from lindra.registry import home as registry_home

# The apps' parts of the page, in the order the page is read.
PARTS = (registry_home, meetings_home, development_home, annual_home)


@dataclass(frozen=True)
class SecretariatWork:
    """What waits on the secretariat of the user's networks, each with where to act on it: of
    each kind the oldest or most urgent few, and how many in all."""

    invitations: Shortlist
    minutes: Shortlist
    change_requests: Shortlist
    failed_mail: int
    follow_ups: Shortlist

    def __bool__(self) -> bool:
        return bool(self.invitations or self.minutes or self.change_requests or self.failed_mail or self.follow_ups)


def home_sections(roles: Roles) -> dict:
    today = timezone.localdate()
    now = timezone.now()
    sections: dict = {"now": now}
    for part in PARTS:
        sections |= part.sections(roles, today, now)
    if roles.is_secretariat:
        waiting = {"failed_mail": mail_home.undelivered(roles.secretariat_networks)}
        for part in PARTS:
            waiting |= part.waiting_for_secretariat(roles, today)
        sections["waiting"] = SecretariatWork(**waiting)
    return sections
