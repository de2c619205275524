"""The embedded store's interviews and referrals (a role of `MemoryStore` over `MemoryState`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from graph_service.domain.errors import Conflict, NotFound
from graph_service.domain.hiring import (
    Interview,
    InterviewOutcome,
    Referral,
    ReferralFilter,
    StatusChange,
)
from graph_service.domain.leaderboard import LeaderboardOrder, ReferrerRecord, ranked, tally
from graph_service.domain.model import GraphDocument, Page, Seniority, Tie, by_recency, highest
from graph_service.domain.parties import Parties, Wanted
from graph_service.store.memory.state import MemoryState


class MemoryHiring(MemoryState):
    """Interviews and referrals, over `HiringState`'s indexes."""

    async def record_interview(
        self, wanted: Wanted, decide: Callable[[Parties], tuple[Interview, Tie | None]]
    ) -> tuple[Interview, bool]:
        interview, tie = decide(self._parties(wanted))
        replayed = self._hiring.replayed_interview(interview)
        if replayed is not None:
            return replayed, False
        self._require_person(interview.candidate_id)
        self._require_person(interview.interviewer_id)
        self._require_company(interview.company_id)
        ties = [] if tie is None else [self._warmed(tie)]
        self._write(GraphDocument([], [], [], ties, interviews=[interview]), subject=interview.id)
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
        return [self._hiring.find_interview(i) for i in ids]

    async def interviews_of(self, candidate_ids: Sequence[str]) -> list[list[Interview]]:
        return [self._hiring.interviews_of(i) for i in candidate_ids]

    async def record_referral(
        self, wanted: Wanted, decide: Callable[[Parties], tuple[Referral, None]]
    ) -> tuple[Referral, bool]:
        referral, _ = decide(self._parties(wanted))
        replayed = self._hiring.replayed_referral(referral)
        if replayed is not None:
            return replayed, False
        for person_id in (referral.referrer_id, referral.candidate_id, referral.contact_id):
            if person_id is not None:
                self._require_person(person_id)
        self._require_company(referral.company_id)
        self._write(GraphDocument([], [], [], [], referrals=[referral]), subject=referral.id)
        return referral, True

    async def change_referral_status(
        self, referral_id: str, decide: Callable[[Referral | None], tuple[StatusChange, Tie | None]]
    ) -> Referral:
        current = self._hiring.find_referral(referral_id)
        change, tie = decide(current)
        if current is None:
            raise NotFound(f"no referral with id {referral_id!r}")
        changed = replace(
            current, status=change.status, updated_at=change.at, history=(*current.history, change)
        )
        ties = [] if tie is None else [self._warmed(tie)]
        self._write(GraphDocument([], [], [], ties, referrals=[changed]), subject=changed.id)
        return changed

    def _parties(self, wanted: Wanted) -> Parties:
        """As the Neo4j store gathers them; with no `await` before the write, nothing changes them."""
        stored = {i: found for i in wanted.people if (found := self._stored_person_id(i)) is not None}
        company_id = self._stored_company_id(wanted.company_id)
        return Parties(
            people={i: self._people[found] for i, found in stored.items()},
            companies={} if company_id is None else {wanted.company_id: self._companies[company_id]},
            jobs={i: by_recency(self._jobs_by_person.get(found, {}).values()) for i, found in stored.items()},
        )

    async def get_referrals(self, ids: Sequence[str]) -> list[Referral | None]:
        return [self._hiring.find_referral(i) for i in ids]

    async def list_referrals(self, where: ReferralFilter, *, first: int, after: str | None) -> Page[Referral]:
        return self._hiring.page(where, first=first, after=after)

    async def count_referrals(self, where: ReferralFilter) -> int:
        return sum(1 for r in self._hiring.referrals.values() if where.matches(r))

    async def find_referrals(self, where: ReferralFilter) -> list[Referral]:
        return self._hiring.find(where)

    async def referrer_leaderboard(
        self, *, order: LeaderboardOrder, first: int, min_seniority: Seniority | None
    ) -> list[ReferrerRecord]:
        by_referrer: dict[str, list[Referral]] = {}
        for referral in self._hiring.find(ReferralFilter()):
            by_referrer.setdefault(referral.referrer_id, []).append(referral)
        referrers = [r for r in by_referrer if self._at_least(r, min_seniority)]
        candidates = {r.candidate_id for r in self._hiring.referrals.values()}
        interviews = {c: self._hiring.interviews_of(c) for c in candidates}
        return ranked((tally(r, by_referrer[r], interviews) for r in referrers), order, first)

    def _at_least(self, person_id: str, level: Seniority | None) -> bool:
        if level is None:
            return True
        jobs = self._jobs_by_person.get(person_id, {}).values()
        held = highest(e.seniority for e in jobs if e.is_current)
        return held is not None and held.rank >= level.rank
