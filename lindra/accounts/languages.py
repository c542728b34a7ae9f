"""The language of each page: the signed-in person's choice, else the choice a signed-out
visitor made (kept in a cookie), else bokmål. And which addresses chose which language, for
their e-mail."""

from collections.abc import Collection

from django.conf import settings
from django.db import transaction

from lindra.accounts.models import User
from lindra.core.audit import record
from lindra.core.models import AuditAction

CODES = {code for code, _name in settings.LANGUAGES}


def for_request(request) -> str:
    user = request.user
    if user.is_authenticated and user.language:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in CODES else settings.LANGUAGE_CODE


def chosen_languages(addresses: Collection[str]) -> dict[str, str]:
    lowered = {address.lower() for address in addresses}
    if not lowered:
        return {}
    return dict(User.objects.filter(email__in=lowered).exclude(language="").values_list("email", "language"))


@transaction.atomic
def choose_language(user: User, language: str, *, request=None) -> None:
    """The person's own choice, for their pages and e-mail: empty leaves it to the network."""
    if language not in CODES | {""}:
        raise ValueError(language)
    before = User.objects.select_for_update().values_list("language", flat=True).get(pk=user.pk)
    if before == language:
        return
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    record(AuditAction.CHANGED, request=request, actor=user, obj=user, changes={"language": [before, language]})
