from django.tasks import task

from lindra.annual.reports import make_pdf


@task
def render_annual_report(render_id: int) -> int:
    """Makes the PDF of an annual report (lindra.annual.reports.make_pdf)."""
    return make_pdf(render_id)
