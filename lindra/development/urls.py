from django.urls import path

from lindra.development.views import terms

app_name = "development"

urlpatterns: list = [
    # Terms: recording the choice of a group's next leader.
    path("verv/<int:pk>/ny-gruppeleder/", terms.choose_leader, name="choose_leader"),
]
