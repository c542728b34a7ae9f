"""Passwords in tests: Argon2, as Lindra stores them, at its lightest cost. Production's cost
makes each check take most of a second on purpose; tests check what a password does, not how
hard it is to guess (tests/test_sign_in.py checks the production hasher once)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class LightArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8
    parallelism = 1


def light_hashers(hashers: list[str]) -> list[str]:
    """The configured hashers with Argon2 at its lightest cost in the place of Argon2."""
    light = f"{LightArgon2PasswordHasher.__module__}.{LightArgon2PasswordHasher.__qualname__}"
    return [light if hasher.endswith(".Argon2PasswordHasher") else hasher for hasher in hashers]
