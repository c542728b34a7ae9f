from django.tasks import task

from lindra.annual.reports import make_pdf, queue_dispatch


@task
def render_annual_report(render_id: int) -> int:
    """Makes the PDF of an annual report (lindra.annual.reports.make_pdf)."""
    return make_pdf(render_id)


@task
def send_annual_report(dispatch_id: int) -> int:
    """Puts the annual report in the outbox for each of a dispatch's addresses."""
    return queue_dispatch(dispatch_id)
