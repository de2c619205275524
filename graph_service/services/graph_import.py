"""Import and export of whole documents (design.md section 6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_service.domain import rows
from graph_service.domain.errors import InvalidDocument, RowProblem
from graph_service.domain.model import ImportSummary
from graph_service.services.document import check_document
from graph_service.store.protocol import Store


@dataclass(frozen=True)
class ImportResult:
    summary: ImportSummary
    skipped: list[RowProblem]


async def import_graph(
    store: Store, raw: object, *, skip_invalid: bool = False, today: date | None = None
) -> ImportResult:
    """Upsert the document's rows. With bad rows: nothing changes, unless `skip_invalid`."""
    checked = check_document(raw, today=today or date.today())
    stored_people = await store.existing_people(sorted(checked.referenced_people()))
    stored_companies = await store.existing_companies(sorted(checked.referenced_companies()))
    checked.drop_dangling(stored_people=stored_people, stored_companies=stored_companies)
    if checked.problems and not skip_invalid:
        raise InvalidDocument(checked.problems)
    summary = await store.import_document(checked.document())
    return ImportResult(summary=summary, skipped=checked.problems)


async def export_graph(store: Store) -> dict[str, list[dict[str, Any]]]:
    return rows.document_rows(await store.export_document())
