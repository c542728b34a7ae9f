from django.urls import path

from lindra.development.views import onboarding

app_name = "development"

urlpatterns: list = []

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
    path("medlemskap/<int:pk>/funksjonsbeskrivelse/", onboarding.acceptance, name="acceptance"),
    path("godta/<str:token>/", onboarding.accept_link, name="accept_link"),
    path("godta/<str:token>/funksjonsbeskrivelse.pdf", onboarding.accept_link_pdf, name="accept_link_pdf"),
]
