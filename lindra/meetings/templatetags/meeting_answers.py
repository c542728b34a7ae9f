"""{% my_answer meeting %}: on a meeting's page (and the page of one's own answer), the
signed-in participant's own answer with a button for each answer still open and why the
others are not; nothing for those who are not called to the meeting."""

from django import template

from lindra.meetings import registrations

register = template.Library()


@register.inclusion_tag("meetings/_my_answer_on_page.html", takes_context=True)
def my_answer(context, meeting) -> dict:
    request = context["request"]
    person = getattr(request.user, "person", None)
    if person is None or not registrations.is_participant(meeting, person):
        return {"show": False}
    registration = registrations.registration_of(meeting, person)
    window = registrations.answer_window(meeting, registration)
    return {
        "show": True,
        "meeting": meeting,
        "registration": registration,
        "window": window,
        "choices": registrations.labelled_choices(window, registration),
        "place": registrations.place_in_line(registration),
        "csrf_token": context.get("csrf_token"),
    }
