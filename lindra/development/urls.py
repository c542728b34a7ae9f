from django.urls import path

from lindra.development.views import year

app_name = "development"

urlpatterns: list = [
    # The member's year (seed 004's fixed tasks), the members' years of a group and a network,
    # and the nearest leader's page of their staff
    path("medlemskap/<int:membership_id>/aret/<int:year>/", year.member_year, name="member_year"),
    path("grupper/<int:pk>/medlemmenes-ar/<int:year>/", year.group_members_year, name="group_members_year"),
    path("nettverk/<int:pk>/medlemmenes-ar/<int:year>/", year.network_members_year, name="network_members_year"),
    path("mine-ansatte/", year.staff, name="staff"),
]
