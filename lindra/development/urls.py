from django.urls import path

from lindra.development.views import competence, onboarding, terms, workplans, year

app_name = "development"

urlpatterns: list = [
    # Competence: reporting back from gatherings and competence activities
    path("medlemskap/<int:pk>/kompetanse/", competence.competence_view, name="competence"),
    path("medlemskap/<int:pk>/kompetanse/ny/", competence.activity_new, name="activity_new"),
    path("medlemskap/<int:pk>/referert/<int:meeting_pk>/", competence.report_back, name="report_back"),
    path("kompetanse/<int:pk>/endre/", competence.activity_edit, name="activity_edit"),
    path("kompetanse/<int:pk>/slett/", competence.activity_delete, name="activity_delete"),
    path("kompetanse/<int:pk>/bekreft/", competence.activity_confirm, name="activity_confirm"),
    path("kompetanse/bekreft/<str:token>/", competence.activity_confirm_link, name="activity_confirm_link"),
    path("nettverk/<int:pk>/kompetanse/", competence.network_competence, name="network_competence"),
    path("nettverk/<int:pk>/kompetanse/<int:year>/", competence.network_competence, name="network_competence_for"),
]

# Onboarding: the welcome letter template and the function descriptions (the secretariat's),
# the new members and what they miss (group leader, secretariat), the printable letter, and
# accepting the function description, signed in or by the signed link without a password.
urlpatterns += [
    path("nettverk/<int:pk>/velkomstbrev/", onboarding.welcome_template, name="welcome_template"),
    path("nettverk/<int:pk>/funksjonsbeskrivelser/", onboarding.function_descriptions, name="function_descriptions"),
    path("funksjonsbeskrivelser/<int:pk>.pdf", onboarding.function_description_pdf, name="function_description_pdf"),
    path("nettverk/<int:pk>/nye-medlemmer/", onboarding.network_onboarding, name="network_onboarding"),
    path("grupper/<int:pk>/nye-medlemmer/", onboarding.group_onboarding, name="group_onboarding"),
    path("medlemskap/<int:pk>/velkomstbrev.pdf", onboarding.welcome_letter_pdf, name="welcome_letter_pdf"),
    path("medlemskap/<int:pk>/velkomstbrev/send/", onboarding.send_letter_now, name="send_letter_now"),
    path("medlemskap/<int:pk>/funksjonsbeskrivelse/", onboarding.acceptance, name="acceptance"),
    path("godta/<str:token>/", onboarding.accept_link, name="accept_link"),
    path("godta/<str:token>/funksjonsbeskrivelse.pdf", onboarding.accept_link_pdf, name="accept_link_pdf"),
]

# Terms: recording the choice of a group's next leader.
urlpatterns += [
    path("verv/<int:pk>/ny-gruppeleder/", terms.choose_leader, name="choose_leader"),
]

# Work plans and the yearly meeting with the nearest leader (seeds 003, 004).
urlpatterns += [
    path("medlemskap/<int:membership_id>/arbeidsplan/<int:year>/", workplans.work_plan, name="work_plan"),
    path(
        "medlemskap/<int:membership_id>/arbeidsplan/<int:year>/svar/",
        workplans.work_plan_decide,
        name="work_plan_decide",
    ),
    path("arbeidsplan/svar/<str:token>/", workplans.work_plan_answer, name="work_plan_answer"),
    path(
        "medlemskap/<int:membership_id>/arbeidsplan/<int:year>/arlig-mote/",
        workplans.yearly_meeting,
        name="yearly_meeting",
    ),
    path(
        "medlemskap/<int:membership_id>/arbeidsplan/<int:year>/arlig-mote/evaluering/",
        workplans.yearly_meeting_evaluation,
        name="yearly_meeting_evaluation",
    ),
]

# The member's year (seed 004's fixed tasks), the members' years of a group and a network,
# and the nearest leader's page of their staff.
urlpatterns += [
    path("medlemskap/<int:membership_id>/aret/<int:year>/", year.member_year, name="member_year"),
    path("grupper/<int:pk>/medlemmenes-ar/<int:year>/", year.group_members_year, name="group_members_year"),
    path("nettverk/<int:pk>/medlemmenes-ar/<int:year>/", year.network_members_year, name="network_members_year"),
    path("mine-ansatte/", year.staff, name="staff"),
]
