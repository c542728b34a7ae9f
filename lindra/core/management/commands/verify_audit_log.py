"""Verifies the audit log's chain of seals (lindra.core.audit_chain), e.g. every night:
prints "OK: N entries" and the chain's head, or each broken place, and exits 1 when broken."""

from django.core.management.base import BaseCommand, CommandError

from lindra.core import audit_chain
from lindra.core.audit import chain_key
from lindra.core.models import AuditEvent

FIELDS = [
    "id",
    *audit_chain.SEALED_FIELDS,
    "content_digest",
    "chain_digest",
    "redacted_at",
    "redacted_by",
    "redacted_digest",
]


class Command(BaseCommand):
    help = (
        "Verifies that no entry of the audit log was changed, deleted or moved since it was written. "
        "Exits 1 when one was."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=5000, help="Entries read at a time.")
        parser.add_argument(
            "--head",
            default="",
            help="ID:DIGEST as printed by an earlier run: fails unless that entry still has that seal "
            "(finds the newest entries deleted).",
        )

    def handle(self, *args, chunk: int, head: str, **options):
        key = chain_key()
        walk = audit_chain.Walk()
        broken = []
        after = 0
        while True:
            rows = list(AuditEvent.objects.filter(id__gt=after).order_by("id").values(*FIELDS)[:chunk])
            if not rows:
                break
            broken.extend(audit_chain.verify(key, rows, walk))
            after = rows[-1]["id"]
        broken.extend(audit_chain.finish(walk))
        if head:
            number, _, digest = head.partition(":")
            if not number.isdigit():
                raise CommandError("--head is ID:DIGEST")
            seal = AuditEvent.objects.filter(id=int(number)).values_list("chain_digest", flat=True).first()
            if seal != digest:
                broken.append(audit_chain.Break(int(number), "the head given is missing or sealed otherwise"))
        for place in broken:
            self.stdout.write(f"BROKEN: entry {place.id}: {place.problem}")
        if broken:
            self.stdout.write(f"{len(broken)} broken in {walk.count} entries")
            raise SystemExit(1)
        self.stdout.write(f"OK: {walk.count} entries")
        if walk.last_id is not None:
            self.stdout.write(f"head: {walk.last_id}:{walk.previous}")
