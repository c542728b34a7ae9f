"""The meeting cycle's periodic jobs: reminders and escalations of the deadline chains, the
invitation for whoever has become called since it went out, the reminder to confirm reading,
the certificates of an intro course once its attendance is saved, and the e-mails of an
invitation whose worker died while putting them in the outbox."""

from lindra.meetings.certificates import mail_certificates
from lindra.meetings.deadlines import send_deadline_notices
from lindra.meetings.invitations import finish_stalled_mailings, invite_those_called_since, remind_unread

JOBS = [send_deadline_notices, invite_those_called_since, remind_unread, mail_certificates, finish_stalled_mailings]
