"""A person's own data (GDPR art. 15), erasure (art. 17) and the privacy statement."""

app_name = "privacy"
urlpatterns = []
