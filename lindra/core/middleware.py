from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def _carries_nul(request) -> bool:
    if NUL in request.path:
        return True
    fields = [request.GET]
    if request.method == "POST":
        fields.append(request.POST)
    return any(NUL in key or any(NUL in value for value in values) for query in fields for key, values in query.lists())


class RefuseNullCharactersMiddleware:
    """Answers 400 to an address or a form carrying the NUL character. No browser sends one
    from what a person types, and PostgreSQL cannot store or even compare it, so a search or a
    signed link holding one would otherwise fail with a server error. Under the paths of
    JSON_PATHS (the API for other systems) the answer is JSON, as every answer there is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            if request.path.startswith(tuple(settings.JSON_PATHS)):
                return JsonResponse({"detail": _("Adressen eller skjemaet har ugyldige tegn (NUL).")}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)
