"""Correcting the embedded store's graph: deletions and merges, each one journaled write.

A correction is a `Removal` (ids to drop) and a `GraphDocument` (records rewritten), applied in
that order, so replaying the journal gives the same graph.
"""

from __future__ import annotations

from dataclasses import replace

from graph_service.domain import corrections
from graph_service.domain.errors import Conflict, NotFound
from graph_service.domain.model import GraphDocument, Person, Target, tie_pair
from graph_service.store.memory.state import MemoryState, Removal


class MemoryCorrections(MemoryState):
    async def delete_person(self, person_id: str) -> None:
        self._person_or_missing(person_id)
        interviews, referrals = [], []
        gone_interviews, gone_referrals = [], []
        for interview in self._hiring.interviews.values():
            if interview.candidate_id == person_id:
                gone_interviews.append(interview.id)
            elif interview.interviewer_id == person_id:
                interviews.append(corrections.anonymized_interview(interview, person_id))
        for referral in self._hiring.referrals.values():
            if referral.candidate_id == person_id:
                gone_referrals.append(referral.id)
            elif person_id in (referral.referrer_id, referral.contact_id):
                referrals.append(corrections.anonymized_referral(referral, person_id))
        removal = Removal(people=[person_id], interviews=gone_interviews, referrals=gone_referrals)
        self._write(GraphDocument([], [], [], [], interviews=interviews, referrals=referrals), removal)

    async def merge_people(self, keep_id: str, merge_id: str) -> Person:
        kept = self._person_or_missing(keep_id)
        self._person_or_missing(merge_id)
        jobs = [
            replace(job, person_id=keep_id)
            for job in self._jobs_by_person.get(merge_id, {}).values()
            if (keep_id, job.company_id, job.key[2]) not in self._jobs_by_person.get(keep_id, {})
        ]
        ties = corrections.moved_ties(
            keep_id,
            list(self._ties.get(keep_id, {}).values()),
            merge_id,
            list(self._ties.get(merge_id, {}).values()),
        )
        interviews = [
            corrections.moved_interview(i, merge_id, keep_id)
            for i in self._hiring.interviews.values()
            if merge_id in (i.candidate_id, i.interviewer_id)
        ]
        referrals = [
            corrections.moved_referral(r, merge_id, keep_id)
            for r in self._hiring.referrals.values()
            if merge_id in (r.candidate_id, r.referrer_id, r.contact_id)
        ]
        targets = [Target(keep_id, c) for c in sorted(self._watchlists.get(merge_id, ()))]
        document = GraphDocument(
            [], [], jobs, ties, interviews=interviews, referrals=referrals, targets=targets
        )
        self._write(document, Removal(people=[merge_id]))
        return kept

    async def delete_tie(self, a_id: str, b_id: str) -> None:
        a, b = tie_pair(a_id, b_id)
        if b not in self._ties.get(a, {}):
            raise NotFound(f"no tie between {a_id!r} and {b_id!r}")
        self._write(GraphDocument([], [], [], []), Removal(ties=[(a, b)]))

    async def delete_interview(self, interview_id: str) -> None:
        self._hiring.interview(interview_id)
        self._write(GraphDocument([], [], [], []), Removal(interviews=[interview_id]))

    async def delete_referral(self, referral_id: str) -> None:
        self._hiring.referral(referral_id)
        self._write(GraphDocument([], [], [], []), Removal(referrals=[referral_id]))

    async def delete_company(self, company_id: str) -> None:
        if company_id not in self._companies:
            raise NotFound(f"no company with id {company_id!r}")
        positions = len(self._jobs_by_company.get(company_id, {}))
        if positions:
            raise Conflict(
                f"company {company_id!r} has {positions} positions, current or past; end and remove them first"
            )
        interviews = [i.id for i in self._hiring.interviews.values() if i.company_id == company_id]
        referrals = [r.id for r in self._hiring.referrals.values() if r.company_id == company_id]
        removal = Removal(companies=[company_id], interviews=interviews, referrals=referrals)
        self._write(GraphDocument([], [], [], []), removal)

    def _person_or_missing(self, person_id: str) -> Person:
        person = self._people.get(person_id)
        if person is None:
            raise NotFound(f"no person with id {person_id!r}")
        return person
