"""{% my_answer meeting %}: on a meeting's page, the signed-in participant's own answer with
buttons to register or give notice; nothing for those who are not called to the meeting."""

from django import template

from lindra.meetings import registrations

register = template.Library()


@register.inclusion_tag("meetings/_my_answer_on_page.html", takes_context=True)
def my_answer(context, meeting) -> dict:
    request = context["request"]
    person = getattr(request.user, "person", None)
    if person is None or not registrations.is_participant(meeting, person):
        return {"show": False}
    return {
        "show": True,
        "meeting": meeting,
        "registration": registrations.registration_of(meeting, person),
        "closed": registrations.closed_reason(meeting),
        "deadline": registrations.deadline_for(meeting),
        "csrf_token": context.get("csrf_token"),
    }
