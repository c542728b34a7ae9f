"""Django's own English messages that Django's bokmål or nynorsk catalogue lacks.

Never imported: makemessages reads this file, so that the messages come into Lindra's
catalogues (lindra/locale/nb and nn), where they get their Norwegian text (and in
lindra/locale/en their own). Django looks there before its own catalogue.
tests/test_translations.py fails when Django brings another message without a Norwegian
text; add it here, run `make messages` and translate it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# Forms and validation
gettext_noop("- Select an option -")
gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice.")
gettext_noop(
    "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, "
    "%(valid_value1)s, %(valid_value2)s, and so on."
)
gettext_noop("Enter a valid %(protocol)s address.")
gettext_noop("IPv4")
gettext_noop("IPv6")
gettext_noop("IPv4 or IPv6")
gettext_noop("Enter a valid domain name.")
gettext_noop("“%(value)s” is not a valid binary value.")
gettext_noop("No %s matches the given query.")
gettext_noop("String (unlimited)")
# Django's nynorsk catalogue lacks these four as well.
gettext_noop("Ensure this value is a multiple of step size %(limit_value)s.")
gettext_noop("Constraint “%(name)s” is violated.")
ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num")
ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num")

# Passwords and users
ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
gettext_noop("Conflicting form data submitted. Please try again.")
gettext_noop("Enabled")
gettext_noop("Disabled")
gettext_noop("Password-based authentication")
gettext_noop("Password-based authentication was disabled.")
gettext_noop("Enable password-based authentication for this user by setting a password.")
gettext_noop(
    "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able "
    "to authenticate using other backends, such as Single Sign-On or LDAP."
)
gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password.")
gettext_noop("Reset password")
gettext_noop("Set password")
gettext_noop("Set password: %s")
gettext_noop(
    "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, "
    "numbers, and @/./+/-/_ characters."
)

# The states of background tasks
pgettext_lazy("Task", "Ready")
pgettext_lazy("Task", "Running")
pgettext_lazy("Task", "Failed")
pgettext_lazy("Task", "Successful")

# Names of languages
gettext_noop("Central Kurdish (Sorani)")
gettext_noop("Haitian Creole")
gettext_noop("Uyghur")
