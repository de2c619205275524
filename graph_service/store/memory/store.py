"""The embedded store: the graph in memory, every write journaled to SQLite first (see `state`)."""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from graph_service.domain import rows
from graph_service.domain.errors import Conflict, NotFound
from graph_service.domain.model import (
    CompaniesFilter,
    Company,
    Employment,
    GraphDocument,
    ImportSummary,
    Page,
    PeopleFilter,
    Person,
    PersonDetail,
    PersonParts,
    Seniority,
    Tie,
    by_recency,
    by_strength,
    highest,
)
from graph_service.domain.names import fold
from graph_service.domain.paths import IntroductionPath, PathQuery
from graph_service.store.audit import audit_from_row
from graph_service.store.memory import paths as path_search
from graph_service.store.memory.access import MemoryAccess
from graph_service.store.memory.access_tables import AccessTables
from graph_service.store.memory.corrections import MemoryCorrections
from graph_service.store.memory.hiring import MemoryHiring
from graph_service.store.memory.journal import Journal
from graph_service.store.memory.owner import FolderOwner
from graph_service.store.memory.state import AUDIT, REMOVED_TARGETS, Removal
from graph_service.store.memory.watchlist import MemoryWatchlist

JOURNAL_FILE = "memory-store.sqlite3"
# Path searches run in these threads, off the event loop; more would only contend for the GIL.
SEARCH_THREADS = 2
COMPACT_AFTER_ENTRIES = 1000


class MemoryStore(MemoryWatchlist, MemoryHiring, MemoryCorrections, MemoryAccess):
    """The roles' mixins over one `MemoryState`; this class adds the network, documents and search."""

    def __init__(self, journal: Journal, access: AccessTables, owner: FolderOwner | None = None) -> None:
        super().__init__(journal, access, owner)
        self._searches = ThreadPoolExecutor(max_workers=SEARCH_THREADS, thread_name_prefix="path-search")

    @classmethod
    def open(cls, data_dir: Path) -> MemoryStore:
        """Open the folder's store; a folder another process (or store) holds is refused."""
        owner = FolderOwner.claim(data_dir)
        try:
            store = cls(Journal(data_dir / JOURNAL_FILE), AccessTables(data_dir), owner)
            for entry in store._journal.entries():
                store._remove(Removal.from_rows(entry.get("removed", {})))
                store._apply(rows.document_from_rows(entry))
                for row in entry.get(REMOVED_TARGETS, []):
                    store._unwatch(rows.target_from_row(row))
                for row in entry.get(AUDIT, []):
                    store._access.append_audit(audit_from_row(row))
            if store._journal.length() > COMPACT_AFTER_ENTRIES:
                store._journal.compact(rows.document_rows(store._snapshot()))
        except BaseException:
            owner.release()
            raise
        return store

    async def ping(self) -> None:
        return None

    async def prepare(self) -> None:
        return None

    def connections_in_use(self) -> int:
        return 0

    async def close(self) -> None:
        self._searches.shutdown(wait=False, cancel_futures=True)
        self._journal.close()
        self._access.close()
        if self._owner is not None:
            self._owner.release()

    # reads

    async def get_people(self, ids: Sequence[str]) -> list[Person | None]:
        return [self._people.get(self._stored_person_id(i) or "") for i in ids]

    async def get_companies(self, ids: Sequence[str]) -> list[Company | None]:
        return [self._companies.get(self._stored_company_id(i) or "") for i in ids]

    async def person_detail(self, person_id: str, parts: PersonParts) -> PersonDetail | None:
        stored = self._stored_person_id(person_id)
        if stored is None:
            return None
        person = self._people[stored]
        person_id = person.id
        jobs = ties = None
        companies: list[Company] = []
        tie_people: list[Person] = []
        if parts.employments or parts.companies:
            jobs = by_recency(self._jobs_by_person.get(person_id, {}).values())
            if parts.companies:
                companies = [self._companies[c] for c in sorted({e.company_id for e in jobs})]
        if parts.ties or parts.tie_people:
            ties = by_strength(self._ties.get(person_id, {}).values(), person_id)
            if parts.tie_people:
                tie_people = [self._people[i] for i in sorted(t.other(person_id) for t in ties)]
        return PersonDetail(person, jobs, companies, ties, tie_people)

    async def existing_people(self, ids: Sequence[str]) -> set[str]:
        return {stored for i in ids if (stored := self._stored_person_id(i)) is not None}

    async def existing_companies(self, ids: Sequence[str]) -> set[str]:
        return {stored for i in ids if (stored := self._stored_company_id(i)) is not None}

    async def find_people(self, *, linkedin_urls: Sequence[str], emails: Sequence[str]) -> list[Person]:
        ids = {self._linkedin[url] for url in linkedin_urls if url in self._linkedin}
        wanted = {email.lower() for email in emails}
        if wanted:
            ids.update(p.id for p in self._people.values() if p.email and p.email.lower() in wanted)
        return [self._people[i] for i in sorted(ids)]

    async def list_people(self, where: PeopleFilter, *, first: int, after: str | None) -> Page[Person]:
        if self._sorted_people is None:
            self._sorted_people = sorted(self._people)
        matches = (self._people[i] for i in _after(self._sorted_people, after))
        return _page((p for p in matches if self._person_matches(p, where)), first)

    async def count_people(self, where: PeopleFilter) -> int:
        return sum(1 for p in self._people.values() if self._person_matches(p, where))

    async def list_companies(self, where: CompaniesFilter, *, first: int, after: str | None) -> Page[Company]:
        if self._sorted_companies is None:
            self._sorted_companies = sorted(self._companies)
        matches = (self._companies[i] for i in _after(self._sorted_companies, after))
        return _page((c for c in matches if _company_matches(c, where)), first)

    async def count_companies(self, where: CompaniesFilter) -> int:
        return sum(1 for c in self._companies.values() if _company_matches(c, where))

    async def employments_of(self, person_ids: Sequence[str]) -> list[list[Employment]]:
        return [by_recency(self._jobs_by_person.get(i, {}).values()) for i in person_ids]

    async def employees_of(self, company_id: str, *, on: date | None) -> list[Employment]:
        jobs = self._jobs_by_company.get(company_id, {}).values()
        return sorted((e for e in jobs if e.spans(on)), key=lambda e: e.key)

    async def ties_of(self, person_ids: Sequence[str]) -> list[list[Tie]]:
        result: list[list[Tie]] = []
        for person_id in person_ids:
            result.append(by_strength(self._ties.get(person_id, {}).values(), person_id))
        return result

    async def neighbourhood(self, from_id: str, *, max_hops: int, limit: int) -> dict[str, int] | None:
        return path_search.neighbourhood(from_id, max_hops=max_hops, limit=limit, adjacency=self._ties)

    async def export_document(self) -> GraphDocument:
        return self._snapshot()

    async def introduction_paths(self, query: PathQuery) -> list[IntroductionPath]:
        if query.from_id not in self._people:
            return []
        search = partial(path_search.search, query, targets=self._targets(query), adjacency=self._ties)
        found = await asyncio.get_running_loop().run_in_executor(self._searches, search)
        return [replace(path, persons=tuple(self._people[i] for i in path.people)) for path in found]

    # interviews and referrals

    def _targets(self, query: PathQuery) -> dict[str, Seniority | None]:
        if query.target_person_id is not None:
            if not query.is_target(query.target_person_id) or query.target_person_id not in self._people:
                return {}
            jobs = self._jobs_by_person.get(query.target_person_id, {}).values()
            return {query.target_person_id: highest(e.seniority for e in jobs if e.is_current)}
        targets: dict[str, Seniority | None] = {}
        for job in self._jobs_by_company.get(query.target_company_id or "", {}).values():
            if job.is_current and query.picks(job.seniority, job.function) and query.is_target(job.person_id):
                targets[job.person_id] = highest([job.seniority, targets.get(job.person_id)])
        return targets

    # writes

    async def create_person(self, person: Person) -> Person:
        if (stored := self._stored_person_id(person.id)) is not None:
            raise Conflict(f"a person with id {stored!r} already exists")
        self._check_linkedin(person)
        self._write(GraphDocument([], [person], [], []), subject=person.id)
        return person

    async def replace_person(self, person: Person) -> Person:
        if person.id not in self._people:
            raise NotFound(f"no person with id {person.id!r}")
        self._check_linkedin(person)
        self._write(GraphDocument([], [person], [], []))
        return person

    async def create_company(self, company: Company) -> Company:
        if (stored := self._stored_company_id(company.id)) is not None:
            raise Conflict(f"a company with id {stored!r} already exists")
        self._check_domain(company)
        self._write(GraphDocument([company], [], [], []), subject=company.id)
        return company

    async def put_employment(self, employment: Employment) -> Employment:
        self._require_person(employment.person_id)
        self._require_company(employment.company_id)
        self._write(GraphDocument([], [], [employment], []))
        return employment

    async def put_tie(self, tie: Tie) -> Tie:
        self._require_person(tie.a)
        self._require_person(tie.b)
        self._write(GraphDocument([], [], [], [tie]))
        return tie

    async def import_document(self, document: GraphDocument) -> ImportSummary:
        for person in document.people:
            self._check_linkedin(person)
        for company in document.companies:
            self._check_domain(company)
        people = self._people.keys() | {p.id for p in document.people}
        companies = self._companies.keys() | {c.id for c in document.companies}
        for employment in document.employments:
            if employment.person_id not in people or employment.company_id not in companies:
                raise NotFound(f"employment {employment.key} refers to an unknown person or company")
        for tie in document.ties:
            if tie.a not in people or tie.b not in people:
                raise NotFound(f"tie {tie.a}-{tie.b} refers to an unknown person")
        for target in document.targets:
            if target.person_id not in people or target.company_id not in companies:
                raise NotFound(f"target {target.person_id}-{target.company_id} refers to an unknown id")
        self._hiring.check_keys(document.interviews, document.referrals)
        self._write(document)
        return ImportSummary(
            companies=len(document.companies),
            people=len(document.people),
            employments=len(document.employments),
            ties=len(document.ties),
            interviews=len(document.interviews),
            referrals=len(document.referrals),
            targets=len(document.targets),
        )

    # tokens and the audit log

    # internals

    def _person_matches(self, person: Person, where: PeopleFilter) -> bool:
        if where.name_contains and fold(where.name_contains) not in fold(person.name):
            return False
        if where.company_id is None and where.min_seniority is None:
            return True
        jobs = self._jobs_by_person.get(person.id, {}).values()
        return any(
            e.is_current
            and (where.company_id is None or e.company_id == where.company_id)
            and (where.min_seniority is None or e.seniority.rank >= where.min_seniority.rank)
            for e in jobs
        )


def _company_matches(company: Company, where: CompaniesFilter) -> bool:
    if where.name_contains and fold(where.name_contains) not in fold(company.name):
        return False
    return not (where.industry and (company.industry or "").lower() != where.industry.lower())


def _after(sorted_ids: list[str], after: str | None) -> Iterable[str]:
    start = 0 if after is None else bisect.bisect_right(sorted_ids, after)
    return (sorted_ids[i] for i in range(start, len(sorted_ids)))


def _page(items: Iterable[Any], first: int) -> Page[Any]:
    taken: list[Any] = []
    for item in items:
        if len(taken) == first:
            return Page(taken, has_next=True)
        taken.append(item)
    return Page(taken, has_next=False)
