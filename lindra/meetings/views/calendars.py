"""Calendar files: a meeting, a group's meetings, and each person's private feed."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.core.access import refuse_to_show
from lindra.meetings import calendars
from lindra.meetings.access import get_meeting_for_user
from lindra.registry.access import get_group_for_user
from lindra.registry.models import LocalGroup, Membership, Term


def _ics(content: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    # Personal data: not for shared caches, nor for search engines.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def meeting_calendar(request, pk: int):
    meeting = get_meeting_for_user(request, pk)
    return _ics(calendars.meeting_ics(meeting), f"mote-{meeting.pk}.ics", attachment=True)


@require_GET
def group_calendar(request, pk: int):
    group = get_group_for_user(request, pk)
    content = calendars.calendar_ics(
        calendars.meetings_for_group(group), name=_("Møter i %(group)s") % {"group": group.name}
    )
    return _ics(content, f"gruppe-{group.pk}.ics")


@login_not_required
@require_GET
def calendar_feed(request, token: str):
    """A person's private feed, for calendar apps that cannot sign in: the token is the key."""
    person = calendars.person_for_feed_token(token)
    if person is None:
        refuse_to_show(request, "calendar feed")
    content = calendars.calendar_ics(
        calendars.meetings_for_person(person), name=_("Lindra: møtene til %(name)s") % {"name": person.full_name}
    )
    return _ics(content, "lindra.ics")


@require_GET
def calendar(request):
    """Where a signed-in person finds the address of their private feed."""
    person = getattr(request.user, "person", None)
    context = {}
    if person is not None:
        today = timezone.localdate()
        url = calendars.feed_url(person)
        groups = Membership.objects.current(today).filter(person=person).values("local_group_id")
        led = Term.objects.current(today).filter(person=person, kind=Term.Kind.GROUP_LEADER).values("local_group_id")
        context = {
            "feed_url": url,
            "webcal_url": calendars.webcal_url(url),
            "meetings": list(calendars.meetings_for_person(person).filter(ends_at__gte=timezone.now())[:10]),
            "groups": list(
                LocalGroup.objects.filter(Q(pk__in=groups) | Q(pk__in=led)).select_related("network").distinct()
            ),
        }
    return render(request, "meetings/calendar.html", context)
