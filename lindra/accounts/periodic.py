"""The accounts' periodic jobs."""

from lindra.accounts.services import delete_expired_sign_in_links

JOBS = [delete_expired_sign_in_links]
