"""People over time's rules: pure functions over plain values, no database access.
Each part appends its own under a header naming it."""

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

# --- Onboarding: the welcome letter, the function description, the checklist ----------------------

# A membership that started more than this many days ago gets no welcome letter: the job
# catches up after a stop of up to a month, but someone imported or registered long after
# they began is no new member, and a "welcome" would be stale news to them and their leader.
WELCOME_LETTER_STALE_AFTER_DAYS = 30
# The onboarding pages list the memberships that started within this many days (and older
# ones whose welcome letter was written by Lindra while their checklist is not done).
NEW_MEMBER_DAYS = 365


def is_due_welcome_letter(starts_on: dt.date, ends_on: dt.date | None, today: dt.date, *, has_letter: bool) -> bool:
    """Whether a membership is due its welcome letter today: it has begun, has not ended,
    began at most WELCOME_LETTER_STALE_AFTER_DAYS ago, and has no letter yet."""
    if has_letter or starts_on > today or (ends_on is not None and ends_on < today):
        return False
    return (today - starts_on).days <= WELCOME_LETTER_STALE_AFTER_DAYS


def welcome_letter_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last start day of a membership due its letter today (for a query)."""
    return today - dt.timedelta(days=WELCOME_LETTER_STALE_AFTER_DAYS), today


@dataclass(frozen=True)
class Description:
    """A function description as the rule needs it."""

    id: int
    profession: str  # "" for every profession
    approved_on: dt.date


def current_description(descriptions: list[Description], profession: str, on: dt.date) -> int | None:
    """The description a member of the profession accepts on the day: the newest approved by
    then for the profession, else the newest approved by then for every profession."""
    approved = [d for d in descriptions if d.approved_on <= on]
    own = [d for d in approved if profession and d.profession == profession]
    chosen = own or [d for d in approved if not d.profession]
    return max(chosen, key=lambda d: (d.approved_on, d.id)).id if chosen else None


# The welcome letter's variables: {{ name }} in the network's text.
VARIABLE = re.compile(r"\{\{\s*([a-zæøå_]+)\s*\}\}")


def unknown_variables(text: str, known: set[str]) -> list[str]:
    """The variables the text uses that are not known, in order of first use."""
    seen: list[str] = []
    for name in VARIABLE.findall(text):
        if name not in known and name not in seen:
            seen.append(name)
    return seen


def fill_in(text: str, values: dict[str, str]) -> str:
    """The text with each known variable replaced by its value; unknown ones stay as written."""
    return VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


class Item(StrEnum):
    LETTER = "letter"
    MEMBER_ACCEPTED = "member_accepted"
    LEADER_ACCEPTED = "leader_accepted"
    INTRO_COURSE = "intro_course"


class State(StrEnum):
    DONE = "done"
    MISSING = "missing"
    # The letter could not go by e-mail: it waits to be printed and handed over.
    NO_EMAIL = "no_email"
    # No nearest leader is registered: nobody can accept on the leader's behalf yet.
    NO_LEADER = "no_leader"


@dataclass(frozen=True)
class ChecklistFacts:
    """What is known of one membership's onboarding."""

    has_letter: bool
    letter_sent: bool
    member_accepted: bool
    leader_accepted: bool
    has_nearest_leader: bool
    # Signed on paper and recorded by the secretariat: both have accepted.
    signed_on_paper: bool
    intro_course_completed: bool


@dataclass(frozen=True)
class Checklist:
    states: tuple[tuple[Item, State], ...]

    def state(self, item: Item) -> State:
        return dict(self.states)[item]

    @property
    def missing(self) -> list[Item]:
        return [item for item, state in self.states if state != State.DONE]

    @property
    def complete(self) -> bool:
        return not self.missing


def checklist(facts: ChecklistFacts) -> Checklist:
    """The onboarding checklist (seeds 000, 004): the welcome letter sent, the function
    description accepted by the member and by the nearest leader, the intro course completed."""
    if facts.letter_sent:
        letter = State.DONE
    elif facts.has_letter:
        letter = State.NO_EMAIL
    else:
        letter = State.MISSING
    member = State.DONE if facts.member_accepted or facts.signed_on_paper else State.MISSING
    if facts.leader_accepted or facts.signed_on_paper:
        leader = State.DONE
    elif not facts.has_nearest_leader:
        leader = State.NO_LEADER
    else:
        leader = State.MISSING
    course = State.DONE if facts.intro_course_completed else State.MISSING
    return Checklist(
        (
            (Item.LETTER, letter),
            (Item.MEMBER_ACCEPTED, member),
            (Item.LEADER_ACCEPTED, leader),
            (Item.INTRO_COURSE, course),
        )
    )


def is_new_member(starts_on: dt.date, today: dt.date, *, has_letter: bool, complete: bool) -> bool:
    """Whether the onboarding pages list a current membership: it began within NEW_MEMBER_DAYS
    (and not in the future), or its welcome letter was written and the checklist is not done."""
    if starts_on > today:
        return False
    return (today - starts_on).days <= NEW_MEMBER_DAYS or (has_letter and not complete)
