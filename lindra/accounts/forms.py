from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
