"""Every model that points at a person, a user or a membership is read by the export, or is
left out on purpose with a reason: a new one fails here until someone decides."""

from django.apps import apps

from lindra.accounts.models import User
from lindra.privacy.own_data import COVERED, LEFT_OUT, SECTIONS
from lindra.registry.models import Membership, Person

ABOUT_A_PERSON = (Person, User, Membership)


def models_about_a_person() -> set[str]:
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model in ABOUT_A_PERSON:
                found.add(model._meta.label)
    return found


def test_every_model_about_a_person_is_exported_or_left_out_with_a_reason():
    decided = set(COVERED) | set(LEFT_OUT)
    missing = models_about_a_person() - decided
    assert not missing, f"decide whether the export covers these: {sorted(missing)}"


def test_nothing_is_both_exported_and_left_out():
    assert not set(COVERED) & set(LEFT_OUT)


def test_the_lists_name_models_of_lindra_that_exist():
    for label in set(COVERED) | set(LEFT_OUT):
        app_label = label.split(".")[0]
        if apps.is_installed(f"lindra.{app_label}") or app_label in {"admin", "auth"}:
            assert apps.get_model(label)
    assert all(LEFT_OUT.values())


def test_each_covered_model_names_a_part_of_the_export():
    parts = {section.key for section in SECTIONS} | {"person", "account"}
    assert set(COVERED.values()) <= parts
