from django.urls import path

from lindra.registry.views import groups, imports, members, networks, people, requests, terms, workplaces

app_name = "registry"
urlpatterns = [
    path("nettverk/<int:pk>/", networks.network, name="network"),
    path("nettverk/<int:pk>/rediger/", networks.network_edit, name="network_edit"),
    path("nettverk/<int:pk>/grupper/ny/", networks.group_new, name="group_new"),
    path("nettverk/<int:pk>/utvalg/nytt/", networks.committee_new, name="committee_new"),
    path("nettverk/<int:pk>/medlemmer/", members.members, name="members"),
    path("nettverk/<int:pk>/medlemmer/ny/", people.add_member, name="add_member"),
    path("nettverk/<int:pk>/endringsmeldinger/", requests.change_requests, name="change_requests"),
    path("nettverk/<int:pk>/import/", imports.upload, name="import"),
    path("nettverk/<int:pk>/import/<int:batch_pk>/", imports.batch, name="import_batch"),
    path("nettverk/<int:pk>/sekretariat/", terms.secretariat, name="secretariat"),
    path("utvalg/<int:pk>/", terms.committee, name="committee"),
    path("grupper/<int:pk>/gruppeleder/", terms.appoint_group_leader, name="appoint_group_leader"),
    path("verv/<int:pk>/avslutt/", terms.end_term, name="end_term"),
    path("utvalg/<int:pk>/rediger/", networks.committee_edit, name="committee_edit"),
    path("grupper/<int:pk>/", groups.group, name="group"),
    path("grupper/<int:pk>/navneliste.xlsx", groups.name_list_xlsx, name="name_list_xlsx"),
    path("grupper/<int:pk>/rediger/", groups.group_edit, name="group_edit"),
    path("grupper/<int:pk>/avslutt/", groups.group_close, name="group_close"),
    path("grupper/<int:pk>/slaa-sammen/", groups.group_merge, name="group_merge"),
    path("personer/<int:pk>/", people.person, name="person"),
    path("personer/<int:pk>/rediger/", people.person_edit, name="person_edit"),
    path("medlemskap/<int:pk>/plassering/", people.membership_placement, name="membership_placement"),
    path("medlemskap/<int:pk>/permisjon/", people.membership_leave, name="membership_leave"),
    path("medlemskap/<int:pk>/avslutt/", people.membership_end, name="membership_end"),
    path("medlemskap/<int:pk>/kurs-og-signatur/", people.membership_milestone, name="membership_milestone"),
    path("medlemskap/<int:pk>/meld-endring/", requests.report_change, name="report_change"),
    path("endringsmeldinger/<int:pk>/", requests.change_request, name="change_request"),
    path("arbeidssteder/", workplaces.workplaces, name="workplaces"),
    path("arbeidssteder/nytt/", workplaces.workplace_new, name="workplace_new"),
    path("arbeidssteder/<int:pk>/rediger/", workplaces.workplace_edit, name="workplace_edit"),
]
