from django.contrib import admin

from lindra.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "local_group", "committee", "host"]
    list_filter = ["network"]
    raw_id_fields = ["host", "host_workplace"]
