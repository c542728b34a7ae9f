"""The certificate of an intro course, as a PDF: for the member it was made out to, and for
those who run the course (the secretariat and the committee that holds it)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from lindra.core.access import refuse_to_show
from lindra.meetings import certificates
from lindra.meetings.access import rights_for


@require_GET
def certificate(request, pk: int, registration: int):
    found = certificates.certificate_of(registration, pk)
    roles = request.roles
    if found is None or not (found.person_id == roles.person_id or rights_for(roles, found.meeting).runs):
        refuse_to_show(request, f"certificate {registration} of meeting {pk}")
    response = HttpResponse(certificates.render_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificates.filename(found)}"'
    return response
