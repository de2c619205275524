"""The audit entry of the write in progress, which a store commits in that write's own transaction.

The API opens a scope for each audited mutation (`auditing`); the first write the store commits
inside it carries the entry, in the same transaction (Neo4j) or journal commit (memory store), so
a write that failed leaves no entry and an acknowledged one always has one. A replayed idempotent
write commits nothing, and so adds no entry.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from graph_service.domain.access import AuditEntry, Role

SUBJECT_MAX = 200


@dataclass
class PendingAudit:
    entry: AuditEntry
    written: bool = False


_pending: ContextVar[PendingAudit | None] = ContextVar("pending_audit", default=None)


@contextlib.contextmanager
def auditing(entry: AuditEntry) -> Iterator[PendingAudit]:
    pending = PendingAudit(entry)
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)


def due(*, subject: str | None = None) -> AuditEntry | None:
    """The entry the write about to run must commit with, or None (no scope, or already written).
    `subject` is the id of what the write stores, when the store knows it better than the input."""
    pending = _pending.get()
    if pending is None or pending.written:
        return None
    if subject is None:
        return pending.entry
    return replace(pending.entry, subject=subject[:SUBJECT_MAX])


def audit_row(entry: AuditEntry) -> dict[str, str | None]:
    """An audit entry as both stores keep it: the memory store's table row and journal entry, the
    properties of Neo4j's `(:AuditEntry)` node."""
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "principal": entry.principal,
        "role": entry.role.value,
        "operation": entry.operation,
        "subject": entry.subject,
    }


def audit_from_row(row: Mapping[str, Any]) -> AuditEntry:
    return AuditEntry(
        row["id"], datetime.fromisoformat(row["at"]), row["principal"], Role(row["role"]), row["operation"],
        row.get("subject"),
    )  # fmt: skip


def written() -> None:
    """The write that carried the entry has committed: later writes in the scope carry none."""
    pending = _pending.get()
    if pending is not None:
        pending.written = True
