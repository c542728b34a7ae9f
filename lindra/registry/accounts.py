"""Accounts for the people of the registry: whoever Lindra knows by an e-mail address may
sign in with it, and the first sign-in link makes their account (without a password; they may
add one later). lindra.accounts finds this through the setting ACCOUNT_FOR_NEW_ADDRESS."""

from django.db import transaction

from lindra.accounts.models import User
from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.registry.models import Person


def account_for_person(email: str) -> User | None:
    person = Person.objects.filter(email=email, user__isnull=True).first()
    if person is None:
        return None
    with transaction.atomic():
        user = User.objects.create_user(email)
        Person.objects.filter(pk=person.pk).update(user=user)
        record(AuditAction.CREATED, actor=user, obj=user, target=email, changes={"person": person.full_name})
    return user
