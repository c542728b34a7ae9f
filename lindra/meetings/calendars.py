"""Calendar files (.ics): one meeting, for the invitation; a group's meetings; and a private
feed per person that a calendar app can subscribe to without signing in.

The feed's address carries the person's id signed with a salt of its own (no table of
tokens): it cannot be altered to show someone else's meetings, and it never expires.
"""

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from lindra.core import signed_links
from lindra.meetings.models import Meeting
from lindra.registry.models import LocalGroup, Membership, Person, Term

FEED_SALT = "lindra.meetings.calendar-feed"
PRODID = "-//Lindra//Kompetansenettverk//NO"


# --- Private feeds --------------------------------------------------------------------------


def feed_token(person: Person) -> str:
    return signed_links.sign_id(person.pk, salt=FEED_SALT)


def person_for_feed_token(token: str) -> Person | None:
    pk = signed_links.unsign_id(token, salt=FEED_SALT)
    return Person.objects.filter(pk=pk).first() if pk is not None else None


def feed_url(person: Person) -> str:
    return settings.SITE_URL + reverse("meetings:calendar_feed", args=[feed_token(person)])


def webcal_url(url: str) -> str:
    """The same address with the scheme calendar apps open as a subscription."""
    return "webcal://" + url.split("://", 1)[-1]


# --- Which meetings -------------------------------------------------------------------------


def _this_and_next_year(today: dt.date) -> Q:
    tz = timezone.get_current_timezone()
    start = dt.datetime(today.year, 1, 1, tzinfo=tz)
    end = dt.datetime(today.year + 2, 1, 1, tzinfo=tz)
    return Q(starts_at__gte=start, starts_at__lt=end)


def meetings_for_person(person: Person, today: dt.date | None = None) -> QuerySet[Meeting]:
    """The meetings of the groups and committees the person belongs to (as member or leader),
    this year and next."""
    today = today or timezone.localdate()
    groups = Membership.objects.current(today).filter(person=person).values("local_group_id")
    terms = Term.objects.current(today).filter(person=person)
    led = terms.filter(kind=Term.Kind.GROUP_LEADER).values("local_group_id")
    committees = terms.exclude(committee=None).values("committee_id")
    return _meetings(
        Meeting.objects.filter(Q(local_group__in=groups) | Q(local_group__in=led) | Q(committee__in=committees)),
        today,
    )


def meetings_for_group(group: LocalGroup, today: dt.date | None = None) -> QuerySet[Meeting]:
    return _meetings(Meeting.objects.filter(local_group=group), today or timezone.localdate())


def _meetings(meetings: QuerySet[Meeting], today: dt.date) -> QuerySet[Meeting]:
    return (
        meetings.filter(_this_and_next_year(today))
        .select_related("network", "local_group", "committee", "host", "host_workplace")
        .prefetch_related("topics")
        .order_by("starts_at")
    )


# --- Building the files ---------------------------------------------------------------------


def meeting_ics(meeting: Meeting, *, guest: bool = False) -> bytes:
    """One meeting as a calendar file, to attach to its invitation. A guest's is part 2, at
    part 2's time, without part 1's programme."""
    return calendar_ics([meeting], name=meeting.title, guest=guest)


def calendar_ics(meetings: Iterable[Meeting], *, name: str, guest: bool = False) -> bytes:
    stamp = timezone.now()
    return events_ics([_event(meeting, stamp, guest=guest) for meeting in meetings], name=name)


def events_ics(events: list[Event], *, name: str) -> bytes:
    """Events as one calendar file, with the time zone rules of the years they need."""
    calendar = Calendar.new(
        prodid=PRODID,
        name=name,
        method="PUBLISH",
        subcomponents=events,
        refresh_interval=dt.timedelta(hours=6),
    )
    if events:
        # Only the years the file needs: a calendar app reads the rules once per file.
        first = min(event.start.year for event in events)
        last = max(event.end.year for event in events)
        calendar.add_missing_timezones(first_date=dt.date(first - 1, 1, 1), last_date=dt.date(last + 1, 12, 31))
    return calendar.to_ical()


def uid(kind: str, pk: int) -> str:
    """Stable for the thing's lifetime, so a calendar updates the event rather than adding another."""
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname or 'lindra'}"


def uid_for(meeting: Meeting) -> str:
    return uid("meeting", meeting.pk)


def _event(meeting: Meeting, stamp: dt.datetime, *, guest: bool) -> Event:
    # A guest cannot open the meeting's page in Lindra: their file links to nothing.
    url = None if guest else settings.SITE_URL + meeting.get_absolute_url()
    description = render_to_string(
        "meetings/calendar_description.txt",
        {"meeting": meeting, "topics": list(meeting.topics.all()), "url": url, "guest": guest},
    ).strip()
    return Event.new(
        uid=uid_for(meeting),
        stamp=stamp,
        sequence=meeting.version,
        start=timezone.localtime(meeting.guest_starts_at if guest else meeting.starts_at),
        end=timezone.localtime(meeting.guest_ends_at if guest else meeting.ends_at),
        summary=f"{meeting.title}: {meeting.part2_title}" if guest and meeting.part2_title else meeting.title,
        location=meeting.place or None,
        description=description,
        url=url,
    )
