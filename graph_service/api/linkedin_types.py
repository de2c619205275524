"""GraphQL types of the LinkedIn connections import."""

from __future__ import annotations

import strawberry

from graph_service.api.types import PersonType
from graph_service.services.linkedin import LinkedInImport
from graph_service.services.linkedin_file import RowRefusal


@strawberry.type(name="SkippedRow", description="A row of the file that could not be used.")
class SkippedRowType:
    line: int = strawberry.field(description="The line of the file where the row starts (1-based).")
    reason: str

    @classmethod
    def from_domain(cls, refusal: RowRefusal) -> SkippedRowType:
        return cls(line=refusal.line, reason=refusal.reason)


@strawberry.type(
    name="LinkedInImportResult", description="What the import did, or with dryRun would do; counts of rows."
)
class LinkedInImportType:
    dry_run: bool
    rows: int = strawberry.field(description="Data rows in the file, used or not.")
    people_created: int
    people_matched: int
    companies_created: int
    companies_matched: int
    positions_added: int
    positions_ended: int
    positions_unchanged: int
    ties_created: int
    ties_updated: int
    no_longer_connected: list[PersonType] = strawberry.field(
        description="The owner's LINKEDIN connections missing from this file; their ties stay."
    )
    skipped: list[SkippedRowType]

    @classmethod
    def from_domain(cls, result: LinkedInImport) -> LinkedInImportType:
        return cls(
            dry_run=result.dry_run,
            rows=result.rows,
            people_created=result.people_created,
            people_matched=result.people_matched,
            companies_created=result.companies_created,
            companies_matched=result.companies_matched,
            positions_added=result.positions_added,
            positions_ended=result.positions_ended,
            positions_unchanged=result.positions_unchanged,
            ties_created=result.ties_created,
            ties_updated=result.ties_updated,
            no_longer_connected=[PersonType.from_domain(p) for p in result.no_longer_connected],
            skipped=[SkippedRowType.from_domain(r) for r in result.skipped],
        )
