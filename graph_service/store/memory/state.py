"""The embedded store's state, which every role module of it builds on: the records in memory,
the journal every write goes to first, and applying a journal entry (removals, then rows).

Each write checks, journals, then applies, with no `await` in between, so on one event loop
writes are atomic and serialised without a lock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from graph_service.domain import rows
from graph_service.domain.errors import Conflict, NotFound
from graph_service.domain.model import (
    Company,
    Employment,
    GraphDocument,
    Person,
    Target,
    Tie,
    id_key,
)
from graph_service.domain.strength import warmed
from graph_service.store import audit
from graph_service.store.audit import audit_row
from graph_service.store.memory.access_tables import AccessTables
from graph_service.store.memory.hiring_index import HiringState
from graph_service.store.memory.journal import Journal
from graph_service.store.memory.owner import FolderOwner

# A journal entry's sections that are no import-document sections: watchlist entries removed, and
# the audit entry of the write.
REMOVED_TARGETS = "removedTargets"
AUDIT = "audit"


@dataclass(frozen=True)
class Removal:
    people: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    ties: list[tuple[str, str]] = field(default_factory=list)
    interviews: list[str] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)

    def rows(self) -> dict[str, Any]:
        return {
            "people": self.people,
            "companies": self.companies,
            "ties": [list(pair) for pair in self.ties],
            "interviews": self.interviews,
            "referrals": self.referrals,
        }

    @classmethod
    def from_rows(cls, rows: Mapping[str, Any]) -> Removal:
        return cls(
            people=list(rows.get("people", [])),
            companies=list(rows.get("companies", [])),
            ties=[(a, b) for a, b in rows.get("ties", [])],
            interviews=list(rows.get("interviews", [])),
            referrals=list(rows.get("referrals", [])),
        )


class MemoryState:
    def __init__(self, journal: Journal, access: AccessTables, owner: FolderOwner | None = None) -> None:
        self._journal = journal
        self._access = access
        self._owner = owner
        self._people: dict[str, Person] = {}
        self._companies: dict[str, Company] = {}
        # Each stored id by its key (`id_key`): the spelling first given answers any case.
        self._person_ids: dict[str, str] = {}
        self._company_ids: dict[str, str] = {}
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

    def _write(
        self, document: GraphDocument, removal: Removal | None = None, *, subject: str | None = None
    ) -> None:
        """Journal, then apply: the removal first, then the document's rows."""
        entry: dict[str, Any] = {**rows.document_rows(document)}
        if removal is not None:
            entry["removed"] = removal.rows()
        self._commit(entry, subject=subject)
        if removal is not None:
            self._remove(removal)
        self._apply(document)

    def _commit(self, entry: dict[str, Any], *, subject: str | None = None) -> None:
        """Journal the entry with the pending audit entry (if any) in the same SQLite commit, then
        copy that to the audit table; a start after a crash between the two copies it again."""
        audited = audit.due(subject=subject)
        if audited is not None:
            entry[AUDIT] = [audit_row(audited)]
        self._journal.append(entry)
        if audited is not None:
            self._access.append_audit(audited)
            audit.written()

    def _apply(self, document: GraphDocument) -> None:
        for company in document.companies:
            company = _spelled(company, self._company_ids.setdefault(id_key(company.id), company.id))
            if _put_unique(self._companies, self._domains, company, company.domain, lambda c: c.domain):
                self._sorted_companies = None
        for person in document.people:
            person = _spelled(person, self._person_ids.setdefault(id_key(person.id), person.id))
            if _put_unique(
                self._people, self._linkedin, person, person.linkedin_url, lambda p: p.linkedin_url
            ):
                self._sorted_people = None
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

    def _stored_person_id(self, person_id: str) -> str | None:
        """The stored spelling of the id, in any case; None when nobody has it."""
        return self._person_ids.get(id_key(person_id))

    def _stored_company_id(self, company_id: str) -> str | None:
        return self._company_ids.get(id_key(company_id))

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

    def _warmed(self, tie: Tie) -> Tie:
        """`tie` when the pair has none yet; else the pair's tie, warmed on `tie.last_interaction`."""
        old = self._ties.get(tie.a, {}).get(tie.b)
        if old is None:
            return tie
        days = [d for d in (old.last_interaction, tie.last_interaction) if d is not None]
        return replace(old, strength=warmed(old.strength), last_interaction=max(days, default=None))

    def _remove(self, removal: Removal) -> None:
        for interview_id in removal.interviews:
            self._hiring.remove_interview(interview_id)
        for referral_id in removal.referrals:
            self._hiring.remove_referral(referral_id)
        self._drop_ties(removal.ties)
        for person_id in removal.people:
            person = self._people.pop(person_id, None)
            if person is None:
                continue
            self._person_ids.pop(id_key(person_id), None)
            self._sorted_people = None
            if person.linkedin_url is not None:
                self._linkedin.pop(person.linkedin_url, None)
            for job in self._jobs_by_person.pop(person_id, {}).values():
                self._jobs_by_company.get(job.company_id, {}).pop(job.key, None)
            self._drop_ties([(person_id, other) for other in self._ties.get(person_id, {})])
            ties = dict(self._ties)
            ties.pop(person_id, None)
            self._ties = ties
            self._watchlists.pop(person_id, None)
        for company_id in removal.companies:
            company = self._companies.pop(company_id, None)
            if company is None:
                continue
            self._company_ids.pop(id_key(company_id), None)
            self._sorted_companies = None
            if company.domain is not None:
                self._domains.pop(company.domain, None)
            self._jobs_by_company.pop(company_id, None)
            for watched in self._watchlists.values():
                watched.discard(company_id)

    def _drop_ties(self, pairs: list[tuple[str, str]]) -> None:
        """Copy on write, as every write to the ties: a path search running in a thread keeps
        reading the snapshot it started with."""
        if not pairs:
            return
        ties = dict(self._ties)
        for a, b in pairs:
            for one, other in ((a, b), (b, a)):
                if other in ties.get(one, {}):
                    ties[one] = {k: v for k, v in ties[one].items() if k != other}
        self._ties = ties


R = TypeVar("R", Person, Company)


def _spelled(record: R, stored_id: str) -> R:
    """The record under the id as stored (a row may give it in another case)."""
    return record if record.id == stored_id else replace(record, id=stored_id)


def _put_unique(
    records: dict[str, R],
    owners: dict[str, str],
    record: R,
    key: str | None,
    key_of: Callable[[R], str | None],
) -> bool:
    """Store the record by id and keep `owners` (a unique key, like a domain, to the id holding it)
    in step; True when the id is new."""
    old = records.get(record.id)
    old_key = None if old is None else key_of(old)
    if old_key is not None:
        owners.pop(old_key, None)
    records[record.id] = record
    if key is not None:
        owners[key] = record.id
    return old is None
