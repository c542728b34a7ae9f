"""The registry's periodic jobs: changes dated ahead take effect on their day."""

from lindra.registry.services import apply_changes_due

JOBS = [apply_changes_due]
