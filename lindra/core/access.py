"""The shared end of every access helper: refuse, and log that access was refused.

DESIGN.md §2: 404 for what the user may not see, 403 for what they may see but not change.
"""

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lindra.core.audit import record
from lindra.core.models import AuditAction


def refuse_to_show(request, what: str, network=None) -> NoReturn:
    record(AuditAction.ACCESS_REFUSED, request=request, target=what, changes={"status": 404}, network=network)
    raise Http404(what)


def refuse_to_change(request, what: str, network=None) -> NoReturn:
    record(AuditAction.ACCESS_REFUSED, request=request, target=what, changes={"status": 403}, network=network)
    raise PermissionDenied(what)
