"""The embedded store: the graph in memory, every write journaled to SQLite first.

Each write checks, journals, then applies, with no `await` in between, so on one event loop
writes are atomic and serialised without a lock.
"""

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
from graph_service.domain.access import ApiToken, AuditEntry, AuditFilter
from graph_service.domain.errors import Conflict, NotFound
from graph_service.domain.hiring import (
    Interview,
    InterviewOutcome,
    Referral,
    ReferralFilter,
    ReferralStatus,
    StatusChange,
)
from graph_service.domain.model import (
    CompaniesFilter,
    Company,
    Employment,
    GraphDocument,
    ImportSummary,
    Page,
    PeopleFilter,
    Person,
    Seniority,
    Target,
    Tie,
    by_recency,
    by_strength,
    highest,
)
from graph_service.domain.names import fold
from graph_service.domain.paths import IntroductionPath, PathQuery
from graph_service.domain.strength import warmed
from graph_service.store.memory import paths as path_search
from graph_service.store.memory.access import AccessTables
from graph_service.store.memory.corrections import MemoryCorrections, Removal
from graph_service.store.memory.hiring import HiringState
from graph_service.store.memory.journal import Journal
from graph_service.store.memory.owner import FolderOwner

JOURNAL_FILE = "memory-store.sqlite3"
# Path searches run in these threads, off the event loop; more would only contend for the GIL.
SEARCH_THREADS = 2
COMPACT_AFTER_ENTRIES = 1000
# A journal entry's one section that is no import-document section: watchlist entries removed.
REMOVED_TARGETS = "removedTargets"


class MemoryStore(MemoryCorrections):
    def __init__(self, journal: Journal, access: AccessTables, owner: FolderOwner | None = None) -> None:
        self._journal = journal
        self._access = access
        self._owner = owner
        self._people: dict[str, Person] = {}
        self._companies: dict[str, Company] = {}
        self._linkedin: dict[str, str] = {}
        self._domains: dict[str, str] = {}
        self._jobs_by_person: dict[str, dict[tuple[str, str, str], Employment]] = {}
        self._jobs_by_company: dict[str, dict[tuple[str, str, str], Employment]] = {}
        self._sorted_people: list[str] | None = None
        self._sorted_companies: list[str] | None = None
        self._hiring = HiringState()
        # Each person's ties by the other person: the one record of the ties, which the path search
        # reads as plain dicts (networkx, the tests' independent reference, costs ~2x there).
        # Never changed in place: a write builds new dicts, so a search running in a thread keeps
        # a consistent snapshot while the event loop goes on serving.
        self._ties: dict[str, dict[str, Tie]] = {}
        self._watchlists: dict[str, set[str]] = {}
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
        return [self._people.get(i) for i in ids]

    async def get_companies(self, ids: Sequence[str]) -> list[Company | None]:
        return [self._companies.get(i) for i in ids]

    async def existing_people(self, ids: Sequence[str]) -> set[str]:
        return {i for i in ids if i in self._people}

    async def existing_companies(self, ids: Sequence[str]) -> set[str]:
        return {i for i in ids if i in self._companies}

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

    async def targets_of(self, person_ids: Sequence[str]) -> list[list[str]]:
        return [sorted(self._watchlists.get(i, ())) for i in person_ids]

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

    async def record_interview(self, interview: Interview, *, tie: Tie | None) -> tuple[Interview, bool]:
        replayed = self._hiring.replayed_interview(interview)
        if replayed is not None:
            return replayed, False
        self._require_person(interview.candidate_id)
        self._require_person(interview.interviewer_id)
        self._require_company(interview.company_id)
        ties = [] if tie is None else [self._warmed(tie)]
        self._write(GraphDocument([], [], [], ties, interviews=[interview]))
        return interview, True

    async def change_interview(
        self, changed: Interview, *, expected: InterviewOutcome, tie: Tie | None
    ) -> Interview:
        current = self._hiring.interview(changed.id)
        if current.outcome is not expected:
            raise Conflict(f"interview {changed.id!r} is now {current.outcome.value}, not {expected.value}")
        ties = [] if tie is None else [self._warmed(tie)]
        self._write(GraphDocument([], [], [], ties, interviews=[changed]))
        return changed

    async def get_interviews(self, ids: Sequence[str]) -> list[Interview | None]:
        return [self._hiring.interviews.get(i) for i in ids]

    async def interviews_of(self, candidate_ids: Sequence[str]) -> list[list[Interview]]:
        return [self._hiring.interviews_of(i) for i in candidate_ids]

    async def record_referral(self, referral: Referral) -> tuple[Referral, bool]:
        replayed = self._hiring.replayed_referral(referral)
        if replayed is not None:
            return replayed, False
        for person_id in (referral.referrer_id, referral.candidate_id, referral.contact_id):
            if person_id is not None:
                self._require_person(person_id)
        self._require_company(referral.company_id)
        self._write(GraphDocument([], [], [], [], referrals=[referral]))
        return referral, True

    async def change_referral_status(
        self, referral_id: str, *, expected: ReferralStatus, change: StatusChange, tie: Tie | None
    ) -> Referral:
        current = self._hiring.referral(referral_id)
        if current.status is not expected:
            raise Conflict(f"referral {referral_id!r} is now {current.status.value}, not {expected.value}")
        changed = replace(
            current, status=change.status, updated_at=change.at, history=(*current.history, change)
        )
        ties = [] if tie is None else [self._warmed(tie)]
        self._write(GraphDocument([], [], [], ties, referrals=[changed]))
        return changed

    async def get_referrals(self, ids: Sequence[str]) -> list[Referral | None]:
        return [self._hiring.referrals.get(i) for i in ids]

    async def list_referrals(self, where: ReferralFilter, *, first: int, after: str | None) -> Page[Referral]:
        return self._hiring.page(where, first=first, after=after)

    async def count_referrals(self, where: ReferralFilter) -> int:
        return sum(1 for r in self._hiring.referrals.values() if where.matches(r))

    async def find_referrals(self, where: ReferralFilter) -> list[Referral]:
        return self._hiring.find(where)

    def _warmed(self, tie: Tie) -> Tie:
        """`tie` when the pair has none yet; else the pair's tie, warmed on `tie.last_interaction`."""
        old = self._ties.get(tie.a, {}).get(tie.b)
        if old is None:
            return tie
        days = [d for d in (old.last_interaction, tie.last_interaction) if d is not None]
        return replace(old, strength=warmed(old.strength), last_interaction=max(days, default=None))

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

    async def add_target(self, target: Target) -> None:
        self._require_person(target.person_id)
        self._require_company(target.company_id)
        self._write(GraphDocument([], [], [], [], targets=[target]))

    async def remove_target(self, target: Target) -> None:
        self._require_person(target.person_id)
        if target.company_id not in self._watchlists.get(target.person_id, set()):
            return
        self._journal.append({REMOVED_TARGETS: [rows.target_row(target)]})
        self._unwatch(target)

    async def create_person(self, person: Person) -> Person:
        if person.id in self._people:
            raise Conflict(f"a person with id {person.id!r} already exists")
        self._check_linkedin(person)
        self._write(GraphDocument([], [person], [], []))
        return person

    async def replace_person(self, person: Person) -> Person:
        if person.id not in self._people:
            raise NotFound(f"no person with id {person.id!r}")
        self._check_linkedin(person)
        self._write(GraphDocument([], [person], [], []))
        return person

    async def create_company(self, company: Company) -> Company:
        if company.id in self._companies:
            raise Conflict(f"a company with id {company.id!r} already exists")
        self._check_domain(company)
        self._write(GraphDocument([company], [], [], []))
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

    async def save_token(self, token: ApiToken) -> None:
        self._access.save_token(token)

    async def list_tokens(self) -> list[ApiToken]:
        return self._access.tokens()

    async def delete_token(self, name: str) -> bool:
        return self._access.delete_token(name)

    async def token_by_hash(self, token_hash: str) -> ApiToken | None:
        return self._access.token_by_hash(token_hash)

    async def append_audit(self, entry: AuditEntry) -> None:
        self._access.append_audit(entry)

    async def audit_entries(self, where: AuditFilter, *, first: int, after: str | None) -> Page[AuditEntry]:
        return self._access.audit_entries(where, first=first, after=after)

    # internals

    def _write(self, document: GraphDocument, removal: Removal | None = None) -> None:
        """Journal, then apply: the removal first, then the document's rows."""
        entry: dict[str, Any] = {**rows.document_rows(document)}
        if removal is not None:
            entry["removed"] = removal.rows()
        self._journal.append(entry)
        if removal is not None:
            self._remove(removal)
        self._apply(document)

    def _apply(self, document: GraphDocument) -> None:
        for company in document.companies:
            old = self._companies.get(company.id)
            if old is None:
                self._sorted_companies = None
            elif old.domain is not None:
                self._domains.pop(old.domain, None)
            self._companies[company.id] = company
            if company.domain is not None:
                self._domains[company.domain] = company.id
        for person in document.people:
            old_person = self._people.get(person.id)
            if old_person is None:
                self._sorted_people = None
            elif old_person.linkedin_url is not None:
                self._linkedin.pop(old_person.linkedin_url, None)
            self._people[person.id] = person
            if person.linkedin_url is not None:
                self._linkedin[person.linkedin_url] = person.id
        for job in document.employments:
            self._jobs_by_person.setdefault(job.person_id, {})[job.key] = job
            self._jobs_by_company.setdefault(job.company_id, {})[job.key] = job
        if document.ties:
            ties = dict(self._ties)
            copied: set[str] = set()
            for tie in document.ties:
                for one, other in ((tie.a, tie.b), (tie.b, tie.a)):
                    if one not in copied:
                        ties[one] = dict(ties.get(one, {}))
                        copied.add(one)
                    ties[one][other] = tie
            self._ties = ties
        for interview in document.interviews:
            self._hiring.put_interview(interview)
        for referral in document.referrals:
            self._hiring.put_referral(referral)
        for target in document.targets:
            self._watchlists.setdefault(target.person_id, set()).add(target.company_id)

    def _unwatch(self, target: Target) -> None:
        self._watchlists.get(target.person_id, set()).discard(target.company_id)

    def _snapshot(self) -> GraphDocument:
        jobs = [e for by_key in self._jobs_by_person.values() for e in by_key.values()]
        ties = [tie for one, others in self._ties.items() for other, tie in others.items() if one < other]
        return GraphDocument(
            companies=sorted(self._companies.values(), key=lambda c: c.id),
            people=sorted(self._people.values(), key=lambda p: p.id),
            employments=sorted(jobs, key=lambda e: e.key),
            ties=sorted(ties, key=lambda t: (t.a, t.b)),
            interviews=sorted(self._hiring.interviews.values(), key=lambda i: i.id),
            referrals=sorted(self._hiring.referrals.values(), key=lambda r: r.id),
            targets=[
                Target(person_id, company_id)
                for person_id in sorted(self._watchlists)
                for company_id in sorted(self._watchlists[person_id])
            ],
        )

    def _require_person(self, person_id: str) -> None:
        if person_id not in self._people:
            raise NotFound(f"no person with id {person_id!r}")

    def _require_company(self, company_id: str) -> None:
        if company_id not in self._companies:
            raise NotFound(f"no company with id {company_id!r}")

    def _check_linkedin(self, person: Person) -> None:
        owner = self._linkedin.get(person.linkedin_url) if person.linkedin_url else None
        if owner is not None and owner != person.id:
            raise Conflict(f"linkedinUrl {person.linkedin_url} already belongs to person {owner!r}")

    def _check_domain(self, company: Company) -> None:
        owner = self._domains.get(company.domain) if company.domain else None
        if owner is not None and owner != company.id:
            raise Conflict(f"domain {company.domain} already belongs to company {owner!r}")

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
