"""How each of Lindra's languages writes dates (settings.FORMAT_MODULE_PATH). Beside Django's
own names (DATE_FORMAT, MONTH_DAY_FORMAT, …) Lindra's templates and code use the names below,
which Django looks up here as well: `{{ day|date:"WEEKDAY_DATE_FORMAT" }}`,
`date_format(day, "WEEKDAY_DATE_FORMAT")`. What Django does not find here comes from its own
formats for the language."""
