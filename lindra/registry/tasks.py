from django.tasks import task

from lindra.registry.imports import apply_import


@task
def run_import(batch_id: int) -> dict:
    """Imports a checked spreadsheet of members (lindra.registry.imports)."""
    return apply_import(batch_id)
