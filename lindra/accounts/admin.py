from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindra.accounts import two_factor
from lindra.accounts.models import User
from lindra.core.admin import AuditedAdmin

# The devices' own admin pages would show each user's secret key: an administrator only
# resets a lost app, with the action below (or `manage.py reset_two_factor`).
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@login_not_required
def _sign_in_through_lindra(request, extra_context=None):
    """The administration's own sign-in page would go around the second factor and the
    audit log: it leads to Lindra's sign-in page instead."""
    if request.user.is_authenticated:
        return redirect(request.GET.get("next") or reverse("admin:index"))
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), login_url=reverse("accounts:sign_in"))


admin.site.login = _sign_in_through_lindra


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_active", "is_staff", "is_superuser", "last_login"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Tilgang"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Datoer"), {"fields": ["last_login", "created_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "created_at"]
    actions = ["reset_two_factor"]

    @admin.action(description=_("Nullstill tofaktorinnlogging (mistet app og gjenopprettingskoder)"))
    def reset_two_factor(self, request, queryset):
        count = sum(two_factor.reset(user, by=request.user, request=request) for user in queryset)
        self.message_user(
            request,
            _("Tofaktorinnloggingen er nullstilt for %(count)s brukere. De setter opp en ny app ved neste innlogging.")
            % {"count": count},
        )
