from django.urls import path

from lindra.meetings.views import (
    attendance,
    calendars,
    certificates,
    follow_ups,
    invitations,
    meetings,
    minutes,
    planning,
    registrations,
    year,
)

app_name = "meetings"
urlpatterns = [
    path("moter/<int:pk>/", meetings.detail, name="detail"),
    path("moter/<int:pk>/program/", meetings.agenda, name="agenda"),
    path("moter/<int:pk>/arrangor/", meetings.replace_host, name="replace_host"),
    path("moter/<int:pk>/driftsgruppen/", meetings.operations_representative, name="operations_representative"),
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
    path("moter/<int:pk>/oppmote/", attendance.attendance_view, name="attendance"),
    path("moter/<int:pk>/kursbevis/<int:registration>.pdf", certificates.certificate, name="certificate"),
    path("medlemskap/<int:pk>/oppmote/", attendance.member_attendance, name="member_attendance"),
    path("medlemskap/<int:pk>/oppmote/<int:year>/", attendance.member_attendance, name="member_attendance_year"),
    path("grupper/<int:pk>/oppfolging/", follow_ups.follow_ups_view, name="follow_ups"),
    path("oppfolging/", follow_ups.secretariat_follow_ups, name="secretariat_follow_ups"),
    path("oppfolging/<int:pk>/", follow_ups.follow_up_view, name="follow_up"),
    # Minutes: the writers (group leader or committee, minute-taker, secretariat) draft and
    # submit; the secretariat reviews and sends. Everyone else who sees the meeting gets the
    # page too: the approved minutes, or a note that they are not ready yet (a draft is shown
    # to no one else). The PDF and Word files of a draft are 404 for them.
    path("moter/<int:pk>/referat/", minutes.minutes, name="minutes"),
    path("moter/<int:pk>/referat/send-inn/", minutes.submit, name="minutes_submit"),
    path("moter/<int:pk>/referat/vurdering/", minutes.review, name="minutes_review"),
    path("moter/<int:pk>/referat.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    path("moter/<int:pk>/referat.docx", minutes.minutes_docx, name="minutes_docx"),
    path("nettverk/<int:pk>/referatmal/", minutes.minutes_template, name="minutes_template"),
    path("nettverk/<int:pk>/referatmal.docx", minutes.minutes_template_docx, name="minutes_template_docx"),
    # The year: overview, a group's year, fagdag and courses
    path("nettverk/<int:pk>/aret/", year.network_year, name="network_year"),
    path("nettverk/<int:pk>/aret/<int:year>/", year.network_year, name="network_year_for"),
    path("grupper/<int:pk>/aret/", year.group_year, name="group_year"),
    path("grupper/<int:pk>/aret/<int:year>/", year.group_year, name="group_year_for"),
    path("utvalg/<int:pk>/arrangement/", planning.new_event, name="new_event"),
]
