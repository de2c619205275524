"""The embedded store's tokens and audit log (a role of `MemoryStore` over `MemoryState`)."""

from __future__ import annotations

from graph_service.domain.access import ApiToken, AuditEntry, AuditFilter
from graph_service.domain.model import (
    Page,
)
from graph_service.store.memory.state import MemoryState


class MemoryAccess(MemoryState):
    """Tokens and the audit log, kept in their own SQLite tables (`AccessTables`)."""

    async def save_token(self, token: ApiToken) -> None:
        self._access.save_token(token)

    async def list_tokens(self) -> list[ApiToken]:
        return self._access.tokens()

    async def delete_token(self, name: str) -> bool:
        return self._access.delete_token(name)

    async def token_by_hash(self, token_hash: str) -> ApiToken | None:
        return self._access.token_by_hash(token_hash)

    async def audit_entries(self, where: AuditFilter, *, first: int, after: str | None) -> Page[AuditEntry]:
        return self._access.audit_entries(where, first=first, after=after)
