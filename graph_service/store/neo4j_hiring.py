"""The Neo4j store's interviews and referrals (a mixin of `Neo4jStore`).

Writes that must be whole (an interview and its tie; a status change and its tie) run in one
managed transaction. A concurrent write with the same idempotency key loses on the uniqueness
constraint; it then reads the winner and answers as a replay would.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, LiteralString

import neo4j
from neo4j import AsyncManagedTransaction

from graph_service.domain import rows
from graph_service.domain.errors import Conflict, NotFound
from graph_service.domain.hiring import (
    Interview,
    InterviewOutcome,
    Referral,
    ReferralFilter,
    ReferralStatus,
    StatusChange,
)
from graph_service.domain.model import Page, Tie
from graph_service.domain.strength import WARMTH
from graph_service.store import hiring_cypher as cypher


class Neo4jHiring:
    _driver: neo4j.AsyncDriver
    _database: str

    async def _read(self, statement: LiteralString, **params: Any) -> list[neo4j.Record]:
        raise NotImplementedError

    async def _write(self, statement: LiteralString, **params: Any) -> list[neo4j.Record]:
        raise NotImplementedError

    async def _transaction(self, work: Any) -> Any:
        raise NotImplementedError

    async def record_interview(self, interview: Interview, *, tie: Tie) -> tuple[Interview, bool]:
        props = rows.interview_row(interview)

        async def work(tx: AsyncManagedTransaction) -> Interview | None:
            if interview.idempotency_key is not None:
                stored = await _single(
                    tx, cypher.INTERVIEW_BY_KEY, "interview", key=interview.idempotency_key
                )
                if stored is not None:
                    return _interview(stored)
            created = await _single(tx, cypher.CREATE_INTERVIEW, "id", props=props)
            if created is None:
                raise NotFound("the candidate, interviewer or company does not exist")
            await (await tx.run(cypher.TOUCH_TIE, tie=_tie_params(tie), warmth=WARMTH)).consume()
            return None

        try:
            stored = await self._transaction(work)
        except Conflict:
            stored = await self._interview_by_key(interview)
        if stored is None:
            return interview, True
        if stored.fingerprint != interview.fingerprint:
            raise Conflict("idempotencyKey was already used for a different interview")
        return stored, False

    async def _interview_by_key(self, interview: Interview) -> Interview:
        if interview.idempotency_key is None:
            raise Conflict(f"an interview with id {interview.id!r} already exists")
        records = await self._read(cypher.INTERVIEW_BY_KEY, key=interview.idempotency_key)
        if not records:
            raise Conflict(f"an interview with id {interview.id!r} already exists")
        return _interview(records[0]["interview"])

    async def set_interview_outcome(
        self, interview_id: str, outcome: InterviewOutcome, hired_role_title: str | None
    ) -> Interview:
        records = await self._write(
            cypher.SET_OUTCOME, id=interview_id, outcome=outcome.value, hiredRoleTitle=hired_role_title
        )
        if not records:
            raise NotFound(f"no interview with id {interview_id!r}")
        return _interview(records[0]["interview"])

    async def get_interviews(self, ids: Sequence[str]) -> list[Interview | None]:
        records = await self._read(cypher.GET_INTERVIEWS, ids=list(ids))
        found = {r["interview"]["id"]: _interview(r["interview"]) for r in records}
        return [found.get(i) for i in ids]

    async def interviews_of(self, candidate_ids: Sequence[str]) -> list[list[Interview]]:
        by_candidate: dict[str, list[Interview]] = {i: [] for i in candidate_ids}
        for record in await self._read(cypher.INTERVIEWS_OF, ids=list(candidate_ids)):
            interview = _interview(record["interview"])
            by_candidate[interview.candidate_id].append(interview)
        return [sorted(by_candidate[i], key=lambda x: (x.date, x.id)) for i in candidate_ids]

    async def record_referral(self, referral: Referral) -> tuple[Referral, bool]:
        props = referral_props(referral)

        async def work(tx: AsyncManagedTransaction) -> Referral | None:
            if referral.idempotency_key is not None:
                stored = await _single(tx, cypher.REFERRAL_BY_KEY, "referral", key=referral.idempotency_key)
                if stored is not None:
                    return _referral(stored)
            if await _single(tx, cypher.CREATE_REFERRAL, "id", props=props) is None:
                raise NotFound("the referrer, candidate or company does not exist")
            return None

        try:
            stored = await self._transaction(work)
        except Conflict:
            stored = await self._referral_by_key(referral)
        if stored is None:
            return referral, True
        if stored.fingerprint != referral.fingerprint:
            raise Conflict("idempotencyKey was already used for a different referral")
        return stored, False

    async def _referral_by_key(self, referral: Referral) -> Referral:
        if referral.idempotency_key is None:
            raise Conflict(f"a referral with id {referral.id!r} already exists")
        records = await self._read(cypher.REFERRAL_BY_KEY, key=referral.idempotency_key)
        if not records:
            raise Conflict(f"a referral with id {referral.id!r} already exists")
        return _referral(records[0]["referral"])

    async def change_referral_status(
        self, referral_id: str, *, expected: ReferralStatus, change: StatusChange, tie: Tie | None
    ) -> Referral:
        async def work(tx: AsyncManagedTransaction) -> Referral:
            current = await _single(tx, cypher.GET_REFERRAL, "referral", id=referral_id)
            if current is None:
                raise NotFound(f"no referral with id {referral_id!r}")
            before = _referral(current)
            after = replace(
                before, status=change.status, updated_at=change.at, history=(*before.history, change)
            )
            changed = await _single(
                tx,
                cypher.CHANGE_STATUS,
                "referral",
                id=referral_id,
                expected=expected.value,
                status=change.status.value,
                updatedAt=rows.timestamp(change.at),
                history=_history(after),
            )
            if changed is None:
                raise Conflict(f"referral {referral_id!r} is now {before.status.value}, not {expected.value}")
            if tie is not None:
                await (await tx.run(cypher.TOUCH_TIE, tie=_tie_params(tie), warmth=WARMTH)).consume()
            return _referral(changed)

        result: Referral = await self._transaction(work)
        return result

    async def get_interviews_all(self) -> list[Interview]:
        return [_interview(r["interview"]) for r in await self._read(cypher.EXPORT_INTERVIEWS)]

    async def get_referrals_all(self) -> list[Referral]:
        return [_referral(r["referral"]) for r in await self._read(cypher.EXPORT_REFERRALS)]

    async def get_referrals(self, ids: Sequence[str]) -> list[Referral | None]:
        records = await self._read(cypher.GET_REFERRALS, ids=list(ids))
        found = {r["referral"]["id"]: _referral(r["referral"]) for r in records}
        return [found.get(i) for i in ids]

    async def list_referrals(self, where: ReferralFilter, *, first: int, after: str | None) -> Page[Referral]:
        records = await self._read(cypher.LIST_REFERRALS, **_where(where), after=after, limit=first + 1)
        found = [_referral(r["referral"]) for r in records]
        return Page(found[:first], has_next=len(found) > first)

    async def count_referrals(self, where: ReferralFilter) -> int:
        (record,) = await self._read(cypher.COUNT_REFERRALS, **_where(where), after=None)
        return int(record["n"])

    async def find_referrals(self, where: ReferralFilter) -> list[Referral]:
        records = await self._read(cypher.FIND_REFERRALS, **_where(where), after=None)
        return sorted((_referral(r["referral"]) for r in records), key=lambda r: (r.created_at, r.id))


def interview_props(interview: Interview) -> dict[str, Any]:
    return rows.interview_row(interview)


def referral_props(referral: Referral) -> dict[str, Any]:
    props = rows.referral_row(referral)
    props["history"] = _history(referral)
    return props


def _history(referral: Referral) -> str:
    return json.dumps([rows.change_row(c) for c in referral.history])


def _interview(values: Mapping[str, Any]) -> Interview:
    return rows.interview_from_row({k: v for k, v in values.items() if v is not None})


def _referral(values: Mapping[str, Any]) -> Referral:
    row = {k: v for k, v in values.items() if v is not None}
    row["history"] = json.loads(row["history"])
    return rows.referral_from_row(row)


def _tie_params(tie: Tie) -> dict[str, Any]:
    return {
        "a": tie.a,
        "b": tie.b,
        "strength": tie.strength,
        "context": tie.context.value,
        "since": tie.since,
        "lastInteraction": tie.last_interaction,
        "evidence": tie.evidence,
    }


def _where(where: ReferralFilter) -> dict[str, Any]:
    return {
        "referrerId": where.referrer_id,
        "candidateId": where.candidate_id,
        "companyId": where.company_id,
        "status": where.status.value if where.status else None,
        "crossFirm": where.cross_firm,
    }


async def _single(tx: AsyncManagedTransaction, statement: LiteralString, column: str, **params: Any) -> Any:
    result = await tx.run(statement, params)
    record = await result.single()
    return None if record is None else record[column]
