from django.contrib import admin

from lindra.core.audit import plain, record
from lindra.core.models import AuditAction, AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log cannot be edited, not even by a superuser."""

    list_display = ["at", "action", "actor_label", "target", "ip", "network"]
    list_filter = ["action", "network"]
    search_fields = ["target", "actor_label", "ip"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """An admin whose saves and deletes are written to the audit log, like every other change."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        fields = form.changed_data
        record(
            AuditAction.CHANGED if change else AuditAction.CREATED,
            request=request,
            obj=obj,
            changes={name: plain(form.cleaned_data.get(name)) for name in fields if name != "password"},
        )

    def delete_model(self, request, obj):
        record(AuditAction.DELETED, request=request, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record(AuditAction.DELETED, request=request, obj=obj)
        super().delete_queryset(request, queryset)
