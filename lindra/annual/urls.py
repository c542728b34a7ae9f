from django.urls import path

app_name = "annual"

urlpatterns: list = []

# Deviations (avvik, seed 000): reporting, handling by the group leader and the operations group,
# the user's own list and the network's.
from lindra.annual.views import deviations as deviation_views  # noqa: E402

urlpatterns += [
    path("avvik/", deviation_views.my_deviations, name="deviations"),
    path("avvik/ny/", deviation_views.deviation_new, name="deviation_new"),
    path("avvik/<int:pk>/", deviation_views.deviation, name="deviation"),
    path("nettverk/<int:pk>/avvik/", deviation_views.network_deviations, name="network_deviations"),
]
