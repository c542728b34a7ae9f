from django.utils.functional import SimpleLazyObject

from lindra.home.roles import roles_for


class RolesMiddleware:
    """Puts the signed-in user's roles on request.roles, computed on first use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.roles = SimpleLazyObject(lambda: roles_for(request.user))
        return self.get_response(request)
