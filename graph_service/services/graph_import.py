"""Import and export of whole documents (docs/design.md §7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_service.domain import rows
from graph_service.domain.errors import InvalidDocument, RowProblem
from graph_service.domain.model import Employment, ImportSummary, id_key
from graph_service.services.document import CheckedDocument, check_document, in_document_order
from graph_service.services.hiring_rows import apply_employment_rules
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
    # Ids are the same in any case: each row names a record by its stored spelling.
    stored_people = await store.existing_people(sorted(checked.person_ids()))
    stored_companies = await store.existing_companies(sorted(checked.company_ids()))
    interviews = (
        await store.get_interviews([i.id for _, i in checked.interviews]) if checked.interviews else []
    )
    referrals = await store.get_referrals([r.id for _, r in checked.referrals]) if checked.referrals else []
    checked.respell(
        people={id_key(i): i for i in stored_people},
        companies={id_key(i): i for i in stored_companies},
        interviews={id_key(i.id): i.id for i in interviews if i is not None},
        referrals={id_key(r.id): r.id for r in referrals if r is not None},
    )
    checked.drop_dangling(stored_people=stored_people, stored_companies=stored_companies)
    if checked.interviews or checked.referrals:
        jobs = await _employments(store, checked)
        checked.interviews, checked.referrals = apply_employment_rules(
            checked.interviews,
            checked.referrals,
            jobs=jobs,
            problems=checked.problems,
        )
    problems = in_document_order(checked.problems)
    if problems and not skip_invalid:
        raise InvalidDocument(problems)
    summary = await store.import_document(checked.document())
    return ImportResult(summary=summary, skipped=problems)


async def _employments(store: Store, checked: CheckedDocument) -> dict[str, list[Employment]]:
    """The jobs of the people the interview and referral rules ask about: the document's rows
    over the stored ones."""
    people = {i.interviewer_id for _, i in checked.interviews}
    people.update(x for _, r in checked.referrals for x in (r.referrer_id, r.candidate_id, r.contact_id) if x)
    ordered = sorted(people)
    stored = await store.employments_of(ordered)
    jobs: dict[str, dict[tuple[str, str, str], Employment]] = {
        person: {e.key: e for e in held} for person, held in zip(ordered, stored, strict=True)
    }
    for _, employment in checked.employments:
        if employment.person_id in jobs:
            jobs[employment.person_id][employment.key] = employment
    return {person: list(by_key.values()) for person, by_key in jobs.items()}


async def export_graph(store: Store) -> dict[str, list[dict[str, Any]]]:
    return rows.document_rows(await store.export_document())
