from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lindra.accounts import two_factor
from lindra.accounts.models import User
from lindra.mail.services import queue_message


class PasswordSignInForm(forms.Form):
    email = forms.EmailField(label=_("E-postadresse"), widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        label=_("Passord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-postadresse"),
        help_text=_("Vi sender deg en lenke som logger deg inn. Du trenger ikke passord."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        # Both forms on the sign-in page have an e-mail field: keep their ids apart.
        kwargs.setdefault("prefix", "lenke")
        super().__init__(*args, **kwargs)


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, sending its e-mail through the outbox.

    Also for users who never had a password: the link proves they own the address.
    """

    def get_users(self, email):
        return User.objects.filter(email=email.strip().lower(), is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        path = reverse("accounts:password_reset_confirm", args=[context["uid"], context["token"]])
        queue_message("password_reset", to=[to_email], context={**context, "url": settings.SITE_URL + path})


class TwoFactorCodeForm(forms.Form):
    """A code from the app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Kode"),
        max_length=20,
        help_text=_(
            "De seks sifrene appen viser nå. Har du ikke appen for hånden, skriv en av gjenopprettingskodene dine."
        ),
        error_messages={"required": _("Skriv koden fra appen.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not two_factor.is_code_shaped(code):
            raise forms.ValidationError(
                _("Skriv de seks sifrene fra appen, eller en gjenopprettingskode på åtte tegn."), code="shape"
            )
        return code


class TwoFactorSetupForm(forms.Form):
    """The first code from a newly added app, to show it was set up right."""

    code = forms.CharField(
        label=_("Kode fra appen"),
        max_length=20,
        help_text=_("De seks sifrene appen viser for Lindra nå."),
        error_messages={"required": _("Skriv koden fra appen.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off"}
        ),
    )

    def clean_code(self):
        code = two_factor.normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Koden har seks sifre, for eksempel 123 456."), code="shape")
        return code


class LanguageForm(forms.Form):
    """The person's own language, for their pages and e-mail."""

    language = forms.ChoiceField(
        label=_("Språket ditt"),
        choices=[("", _("Ikke valgt: bokmål, og e-post på nettverkets språk")), *settings.LANGUAGES],
        required=False,
        help_text=_("Sidene, e-postene og dokumentene Lindra lager til deg, kommer på dette språket."),
    )
