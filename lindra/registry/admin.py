from django.contrib import admin

from lindra.core.admin import AuditedAdmin
from lindra.core.audit import plain, record
from lindra.core.models import AuditAction
from lindra.registry.models import (
    Committee,
    Leave,
    LocalGroup,
    Membership,
    Municipality,
    Network,
    Organisation,
    Person,
    Term,
    Workplace,
)

admin.site.register([Municipality, Organisation, Committee])


@admin.register(Network)
class NetworkAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "secretariat_email"]


@admin.register(LocalGroup)
class LocalGroupAdmin(AuditedAdmin):
    list_display = ["name", "network", "closed_on"]
    list_filter = ["network"]
    filter_horizontal = ["municipalities"]


@admin.register(Workplace)
class WorkplaceAdmin(AuditedAdmin):
    list_display = ["name", "kind", "municipality", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["family_name", "given_name", "email", "profession"]
    search_fields = ["family_name", "given_name", "email"]
    raw_id_fields = ["user"]


class LeaveInline(admin.TabularInline):
    model = Leave
    extra = 0


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["person", "network", "local_group", "workplace", "starts_on", "ends_on"]
    list_filter = ["network"]
    search_fields = ["person__family_name", "person__given_name"]
    raw_id_fields = ["person", "nearest_leader", "workplace", "local_group"]
    inlines = [LeaveInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for leave in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
            changes = plain({"starts_on": leave.starts_on, "ends_on": leave.ends_on})
            record(AuditAction.CHANGED, request=request, obj=leave, target=str(leave.membership), changes=changes)
        for leave in formset.deleted_objects:
            record(AuditAction.DELETED, request=request, obj=leave)


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ["person", "kind", "network", "local_group", "committee", "starts_on", "ends_on"]
    list_filter = ["kind", "network"]
    raw_id_fields = ["person"]
