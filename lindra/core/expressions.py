"""Database expressions Django has no portable form of that costs nothing per row."""

from django.db.models import FloatField, Func


class HoursBetween(Func):
    """The hours from one moment to another, reckoned by the database: on SQLite from the
    Julian days of both, where Django's `ends - starts` would call Python for every row."""

    output_field = FloatField()
    arity = 2

    def _hours(self, compiler, template: str):
        starts, ends = (compiler.compile(e) for e in self.get_source_expressions())
        return template.format(ends=ends[0], starts=starts[0]), (*ends[1], *starts[1])

    def as_sql(self, compiler, connection, **extra):
        return self._hours(compiler, "(EXTRACT(EPOCH FROM ({ends} - {starts})) / 3600)")

    def as_sqlite(self, compiler, connection, **extra):
        return self._hours(compiler, "((julianday({ends}) - julianday({starts})) * 24)")
