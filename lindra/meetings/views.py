from django.shortcuts import render
from django.views.decorators.http import require_GET

from lindra.meetings.access import get_meeting_for_user


@require_GET
def detail(request, pk: int):
    meeting = get_meeting_for_user(request, pk)
    return render(request, "meetings/detail.html", {"meeting": meeting})
