"""The Neo4j store's tokens and audit log: `(:ApiToken)` and `(:AuditEntry)` nodes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, LiteralString

from graph_service.domain.access import ApiToken, AuditEntry, AuditFilter, Role
from graph_service.domain.model import Page
from graph_service.store.audit import audit_from_row
from graph_service.store.neo4j.session import Neo4jSession

SAVE_TOKEN: LiteralString = """
CREATE (t:ApiToken {name: $name, role: $role, personId: $personId, tokenHash: $tokenHash,
                    createdAt: $createdAt})
"""
LIST_TOKENS: LiteralString = "MATCH (t:ApiToken) RETURN t {.*} AS token ORDER BY t.name"
DELETE_TOKEN: LiteralString = "MATCH (t:ApiToken {name: $name}) DELETE t RETURN count(*) AS n"
TOKEN_BY_HASH: LiteralString = "MATCH (t:ApiToken {tokenHash: $tokenHash}) RETURN t {.*} AS token"
AUDIT_ENTRIES: LiteralString = """
MATCH (e:AuditEntry)
WHERE ($after IS NULL OR e.id > $after)
  AND ($principal IS NULL OR e.principal = $principal)
  AND ($operation IS NULL OR e.operation = $operation)
RETURN e {.*} AS entry ORDER BY e.id LIMIT $limit
"""


class Neo4jAccess(Neo4jSession):
    async def save_token(self, token: ApiToken) -> None:
        await self._write(
            SAVE_TOKEN,
            name=token.name,
            role=token.role.value,
            personId=token.person_id,
            tokenHash=token.token_hash,
            createdAt=token.created_at.isoformat(),
        )

    async def list_tokens(self) -> list[ApiToken]:
        return [_token(record["token"]) for record in await self._read(LIST_TOKENS)]

    async def delete_token(self, name: str) -> bool:
        records = await self._write(DELETE_TOKEN, name=name)
        return bool(records and records[0]["n"] > 0)

    async def token_by_hash(self, token_hash: str) -> ApiToken | None:
        records = await self._read(TOKEN_BY_HASH, tokenHash=token_hash)
        return _token(records[0]["token"]) if records else None

    async def audit_entries(self, where: AuditFilter, *, first: int, after: str | None) -> Page[AuditEntry]:
        records = await self._read(
            AUDIT_ENTRIES, after=after, principal=where.principal, operation=where.operation, limit=first + 1
        )
        entries = [audit_from_row(record["entry"]) for record in records]
        return Page(entries[:first], len(entries) > first)


def _token(props: dict[str, Any]) -> ApiToken:
    return ApiToken(
        props["name"],
        Role(props["role"]),
        props.get("personId"),
        props["tokenHash"],
        datetime.fromisoformat(props["createdAt"]),
    )
