"""The audit log's GraphQL types: who wrote what, when."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph_service.api.types import Edge, PageInfo, page_info
from graph_service.domain import access
from graph_service.domain.model import Page
from graph_service.services import paging

Role = strawberry.enum(access.Role, name="Role")


@strawberry.type(name="AuditEntry")
class AuditEntryType:
    id: strawberry.ID
    at: datetime
    principal: str = strawberry.field(description="The token's name (`bootstrap`, `local`, `system`).")
    role: Role  # type: ignore[valid-type]
    operation: str = strawberry.field(description="The root field, e.g. `Mutation.createPerson`.")
    subject: str | None = strawberry.field(description="The id of what was written, when there is one.")

    @classmethod
    def from_domain(cls, entry: access.AuditEntry) -> AuditEntryType:
        return cls(
            id=strawberry.ID(entry.id),
            at=entry.at,
            principal=entry.principal,
            role=entry.role,
            operation=entry.operation,
            subject=entry.subject,
        )


@strawberry.input
class AuditLogFilter:
    principal: str | None = None
    operation: str | None = None


@strawberry.type
class AuditEntryConnection:
    edges: list[Edge[AuditEntryType]]
    page_info: PageInfo

    @classmethod
    def from_page(cls, page: Page[access.AuditEntry], after: str | None) -> AuditEntryConnection:
        edges = [
            Edge(cursor=paging.encode_cursor("audit", e.id), node=AuditEntryType.from_domain(e))
            for e in page.items
        ]
        return cls(edges=edges, page_info=page_info([e.cursor for e in edges], page.has_next, after))
