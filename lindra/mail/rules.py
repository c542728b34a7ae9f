"""Pure rules of the outbox."""

import datetime as dt
import smtplib
import socket

MAX_ATTEMPTS = 8
# A message claimed by a worker that has not finished within this time is taken back:
# the worker is presumed dead. The default of OUTBOX_CLAIM_TIMEOUT_SECONDS.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)


def retry_delay(attempts: int, first: dt.timedelta = dt.timedelta(minutes=1)) -> dt.timedelta:
    """Growing delays between tries: 1, 2, 4, 8 … minutes (times `first`), at most 6 hours."""
    return min(first * 2 ** min(max(attempts - 1, 0), 30), dt.timedelta(hours=6))


def is_temporary(error: BaseException) -> bool:
    """Whether a failure may pass by itself (server down, busy, 4xx) and is worth a retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(
        error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, socket.timeout, OSError)
    )


def is_connection_failure(error: BaseException) -> bool:
    """Whether the server itself could not be reached, so the next message would fail too."""
    return isinstance(
        error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, socket.timeout)
    ) or (isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException))
