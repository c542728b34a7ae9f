from django.urls import path

from lindra.meetings.views import calendars, invitations, meetings, planning, registrations

app_name = "meetings"
urlpatterns = [
    path("moter/<int:pk>/", meetings.detail, name="detail"),
    path("moter/<int:pk>/program/", meetings.agenda, name="agenda"),
    path("moter/<int:pk>/arrangor/", meetings.replace_host, name="replace_host"),
    path("moter/<int:pk>/frister/<str:step>/utfort/", meetings.mark_done, name="mark_done"),
    path("moter/<int:pk>/innkalling/", invitations.invitation, name="invitation"),
    path("moter/<int:pk>/innkalling.pdf", invitations.invitation_pdf, name="invitation_pdf"),
    path("nettverk/<int:pk>/innkallingsmal/", invitations.invitation_template, name="invitation_template"),
    path("grupper/<int:pk>/moteplan/", planning.plan_group_year, name="plan_group"),
    path("grupper/<int:pk>/moteplan/<int:year>/", planning.plan_group_year, name="plan_group_year"),
    path("utvalg/<int:pk>/moteplan/", planning.plan_committee_year, name="plan_committee"),
    path("utvalg/<int:pk>/moteplan/<int:year>/", planning.plan_committee_year, name="plan_committee_year"),
    path("nettverk/<int:pk>/frister/", planning.overview, name="overview"),
    path("nettverk/<int:pk>/kompetanseplan/", planning.topics, name="topics"),
    path("nettverk/<int:pk>/kompetanseplan/<int:topic_pk>/", planning.topic_edit, name="topic_edit"),
    path("svar/<str:token>/", registrations.answer, name="answer"),
    path("moter/<int:pk>/svar/", registrations.my_answer, name="my_answer"),
    path("moter/<int:pk>/deltakere/", registrations.participants, name="participants"),
    path("moter/<int:pk>/kalender.ics", calendars.meeting_calendar, name="meeting_calendar"),
    path("grupper/<int:pk>/kalender.ics", calendars.group_calendar, name="group_calendar"),
    path("kalender/", calendars.calendar, name="calendar"),
    path("kalender/<str:token>.ics", calendars.calendar_feed, name="calendar_feed"),
    # Attendance and follow-ups of absence
    # Minutes
    # The year: overview, a group's year, fagdag and courses
    path("utvalg/<int:pk>/arrangement/", planning.new_event, name="new_event"),
]
