"""Dates in English, the British way (Lindra's users are in Norway): 3 December 2026,
Thursday 3 December 2026 at 14:00, 3/12/2026."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j/n/Y"
SHORT_DATETIME_FORMAT = "j/n/Y H:i"

# Lindra's own names.
DATE_AT_TIME_FORMAT = r"j F Y \a\t H:i"
WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_DATETIME_FORMAT = r"l j F Y \a\t H:i"
WEEKDAY_MONTH_DAY_FORMAT = "l j F"
WEEKDAY_MONTH_DAY_TIME_FORMAT = r"l j F \a\t H:i"
SHORT_MONTH_DAY_FORMAT = "j/n"
SHORT_DATE_AT_TIME_FORMAT = r"j/n/Y \a\t H:i"
SHORT_DATETIME_SECONDS_FORMAT = "j/n/Y H:i:s"
ABBREVIATED_DATE_FORMAT = "j M Y"
ABBREVIATED_MONTH_DAY_FORMAT = "j M"
AT_TIME_SECONDS_FORMAT = r"\a\t H:i:s"
