"""The meeting cycle's periodic jobs: reminders and escalations of the deadline chains, the
invitation for whoever has become called since it went out, the reminder to confirm reading,
and the certificates of an intro course once its attendance is saved."""

from lindra.meetings.certificates import mail_certificates
from lindra.meetings.deadlines import send_deadline_notices
from lindra.meetings.invitations import invite_those_called_since, remind_unread

JOBS = [send_deadline_notices, invite_those_called_since, remind_unread, mail_certificates]
