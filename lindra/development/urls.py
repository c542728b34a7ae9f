from django.urls import path

from lindra.development.views import workplans

app_name = "development"

urlpatterns: list = []

# Work plans and the yearly meeting (issue 10, item 6)
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
