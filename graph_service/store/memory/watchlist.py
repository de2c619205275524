"""The embedded store's watchlists (a role of `MemoryStore` over `MemoryState`)."""

from __future__ import annotations

from collections.abc import Sequence

from graph_service.domain import rows
from graph_service.domain.model import (
    GraphDocument,
    Target,
)
from graph_service.store.memory.state import REMOVED_TARGETS, MemoryState


class MemoryWatchlist(MemoryState):
    async def targets_of(self, person_ids: Sequence[str]) -> list[list[str]]:
        return [sorted(self._watchlists.get(i, ())) for i in person_ids]

    async def add_target(self, target: Target) -> None:
        self._require_person(target.person_id)
        self._require_company(target.company_id)
        self._write(GraphDocument([], [], [], [], targets=[target]))

    async def remove_target(self, target: Target) -> None:
        self._require_person(target.person_id)
        if target.company_id not in self._watchlists.get(target.person_id, set()):
            return
        self._commit({REMOVED_TARGETS: [rows.target_row(target)]})
        self._unwatch(target)
