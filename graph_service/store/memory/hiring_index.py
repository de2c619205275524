"""The memory store's interviews and referrals: indexes by id, candidate and idempotency key."""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import TypeVar

from graph_service.domain.errors import Conflict, NotFound
from graph_service.domain.hiring import Interview, Referral, ReferralFilter
from graph_service.domain.model import Page, id_key


class HiringState:
    def __init__(self) -> None:
        self.interviews: dict[str, Interview] = {}
        self.by_candidate: dict[str, dict[str, Interview]] = {}
        self.interview_keys: dict[str, str] = {}
        self.referrals: dict[str, Referral] = {}
        self.referral_keys: dict[str, str] = {}
        # Each stored id by its `id_key`: an id given in any case finds the spelling first stored.
        self.interview_ids: dict[str, str] = {}
        self.referral_ids: dict[str, str] = {}
        self._sorted_referrals: list[str] | None = None

    def put_interview(self, interview: Interview) -> None:
        stored_id = self.interview_ids.setdefault(id_key(interview.id), interview.id)
        interview = interview if interview.id == stored_id else replace(interview, id=stored_id)
        old = self.interviews.get(interview.id)
        if old is not None:
            self.by_candidate[old.candidate_id].pop(old.id, None)
            if old.idempotency_key is not None:
                self.interview_keys.pop(old.idempotency_key, None)
        self.interviews[interview.id] = interview
        self.by_candidate.setdefault(interview.candidate_id, {})[interview.id] = interview
        if interview.idempotency_key is not None:
            self.interview_keys[interview.idempotency_key] = interview.id

    def put_referral(self, referral: Referral) -> None:
        stored_id = self.referral_ids.setdefault(id_key(referral.id), referral.id)
        referral = referral if referral.id == stored_id else replace(referral, id=stored_id)
        old = self.referrals.get(referral.id)
        if old is None:
            self._sorted_referrals = None
        elif old.idempotency_key is not None:
            self.referral_keys.pop(old.idempotency_key, None)
        self.referrals[referral.id] = referral
        if referral.idempotency_key is not None:
            self.referral_keys[referral.idempotency_key] = referral.id

    def remove_interview(self, interview_id: str) -> None:
        old = self.interviews.pop(interview_id, None)
        if old is None:
            return
        self.interview_ids.pop(id_key(interview_id), None)
        self.by_candidate[old.candidate_id].pop(old.id, None)
        if old.idempotency_key is not None:
            self.interview_keys.pop(old.idempotency_key, None)

    def remove_referral(self, referral_id: str) -> None:
        old = self.referrals.pop(referral_id, None)
        if old is None:
            return
        self.referral_ids.pop(id_key(referral_id), None)
        self._sorted_referrals = None
        if old.idempotency_key is not None:
            self.referral_keys.pop(old.idempotency_key, None)

    def replayed_interview(self, interview: Interview) -> Interview | None:
        """The interview stored under the same key: None when the key is new, `Conflict` when
        the key was used for other input."""
        return _replayed(interview, self.interview_keys, self.interviews, "interview")

    def replayed_referral(self, referral: Referral) -> Referral | None:
        return _replayed(referral, self.referral_keys, self.referrals, "referral")

    def check_keys(self, interviews: list[Interview], referrals: list[Referral]) -> None:
        """An imported row may not take a key another record holds."""
        for interview in interviews:
            owner = self.interview_keys.get(interview.idempotency_key or "")
            if owner is not None and owner != interview.id:
                raise Conflict(f"interview {interview.id!r}: idempotencyKey belongs to interview {owner!r}")
        for referral in referrals:
            owner = self.referral_keys.get(referral.idempotency_key or "")
            if owner is not None and owner != referral.id:
                raise Conflict(f"referral {referral.id!r}: idempotencyKey belongs to referral {owner!r}")

    def find_interview(self, interview_id: str) -> Interview | None:
        """The interview with that id in any case."""
        return self.interviews.get(self.interview_ids.get(id_key(interview_id), ""))

    def find_referral(self, referral_id: str) -> Referral | None:
        return self.referrals.get(self.referral_ids.get(id_key(referral_id), ""))

    def interview(self, interview_id: str) -> Interview:
        found = self.interviews.get(interview_id)
        if found is None:
            raise NotFound(f"no interview with id {interview_id!r}")
        return found

    def referral(self, referral_id: str) -> Referral:
        found = self.referrals.get(referral_id)
        if found is None:
            raise NotFound(f"no referral with id {referral_id!r}")
        return found

    def interviews_of(self, candidate_id: str) -> list[Interview]:
        return sorted(self.by_candidate.get(candidate_id, {}).values(), key=lambda i: (i.date, i.id))

    def page(self, where: ReferralFilter, *, first: int, after: str | None) -> Page[Referral]:
        if self._sorted_referrals is None:
            self._sorted_referrals = sorted(self.referrals)
        start = 0 if after is None else bisect.bisect_right(self._sorted_referrals, after)
        taken: list[Referral] = []
        for referral_id in self._sorted_referrals[start:]:
            referral = self.referrals[referral_id]
            if where.matches(referral):
                if len(taken) == first:
                    return Page(taken, has_next=True)
                taken.append(referral)
        return Page(taken, has_next=False)

    def find(self, where: ReferralFilter) -> list[Referral]:
        found = (r for r in self.referrals.values() if where.matches(r))
        return sorted(found, key=lambda r: (r.created_at, r.id))


R = TypeVar("R", Interview, Referral)


def _replayed(record: R, keys: dict[str, str], stored: dict[str, R], noun: str) -> R | None:
    if record.idempotency_key is None:
        if record.id in stored:
            raise Conflict(f"a {noun} with id {record.id!r} already exists")
        return None
    stored_id = keys.get(record.idempotency_key)
    if stored_id is None:
        return None
    first = stored[stored_id]
    if first.fingerprint != record.fingerprint:
        raise Conflict(f"idempotencyKey was already used for a different {noun}")
    return first
