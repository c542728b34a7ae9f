from django.urls import path

app_name = "annual"

urlpatterns: list = []

# --- Annual wheel: the network's year in one picture, and each local group's.
from lindra.annual.views import wheel  # noqa: E402

urlpatterns += [
    path("nettverk/<int:pk>/arshjul/<int:year>/", wheel.network_wheel, name="wheel"),
    path("nettverk/<int:pk>/arshjul/<int:year>.pdf", wheel.network_wheel_pdf, name="wheel_pdf"),
    path("grupper/<int:pk>/arshjul/<int:year>/", wheel.group_wheel, name="group_wheel"),
    path("grupper/<int:pk>/arshjul/<int:year>.pdf", wheel.group_wheel_pdf, name="group_wheel_pdf"),
]

# --- Steering group reports: the operations group's leader reports to the steering group.
from lindra.annual.views import steering  # noqa: E402

urlpatterns += [
    path("nettverk/<int:pk>/styringsrapporter/", steering.steering_reports, name="steering_reports"),
    path("nettverk/<int:pk>/styringsrapporter/ny/", steering.steering_report_new, name="steering_report_new"),
    path("styringsrapporter/<int:pk>/", steering.steering_report, name="steering_report"),
]
