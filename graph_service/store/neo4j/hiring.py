"""The Neo4j store's interviews and referrals (a mixin of `Neo4jStore`).

Writes that must be whole (an interview and its tie; a status change and its tie) run in one
managed transaction. A concurrent write with the same idempotency key loses on the uniqueness
constraint; it then reads the winner and answers as a replay would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, LiteralString, Protocol, TypeVar

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
from graph_service.domain.model import Page, Tie, id_key
from graph_service.domain.strength import WARMTH
from graph_service.store.neo4j import hiring_cypher as cypher
from graph_service.store.neo4j.session import Neo4jSession


class _Keyed(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def idempotency_key(self) -> str | None: ...
    @property
    def fingerprint(self) -> str | None: ...


K = TypeVar("K", bound=_Keyed)


@dataclass(frozen=True)
class _Kind(Generic[K]):
    noun: str
    by_key: LiteralString
    create: LiteralString
    parse: Callable[[Mapping[str, Any]], K]
    missing: str


class Neo4jHiring(Neo4jSession):
    async def record_interview(self, interview: Interview, *, tie: Tie | None) -> tuple[Interview, bool]:
        return await self._record(INTERVIEWS, interview, interview_props(interview), tie)

    async def _record(
        self, kind: _Kind[K], record: K, props: dict[str, Any], tie: Tie | None
    ) -> tuple[K, bool]:
        """Create the record (and touch the tie) unless its idempotency key is stored already; a
        replay with the same fingerprint answers the stored record, other input is a CONFLICT."""

        async def work(tx: AsyncManagedTransaction) -> K | None:
            if record.idempotency_key is not None:
                stored = await _single(tx, kind.by_key, kind.noun, key=record.idempotency_key)
                if stored is not None:
                    return kind.parse(stored)
            if await _single(tx, kind.create, "id", props=props) is None:
                raise NotFound(kind.missing)
            if tie is not None:
                await (await tx.run(cypher.TOUCH_TIE, tie=tie_params(tie), warmth=WARMTH)).consume()
            return None

        try:
            stored = await self._transaction(work)
        except Conflict:
            # Lost a race on a uniqueness constraint: the winner holds the key (or the id).
            stored = await self._by_key(kind, record)
        if stored is None:
            return record, True
        if stored.fingerprint != record.fingerprint:
            raise Conflict(f"idempotencyKey was already used for a different {kind.noun}")
        return stored, False

    async def _by_key(self, kind: _Kind[K], record: K) -> K:
        records = (
            []
            if record.idempotency_key is None
            else await self._read(kind.by_key, key=record.idempotency_key)
        )
        if not records:
            raise Conflict(f"a {kind.noun} with id {record.id!r} already exists")
        return kind.parse(records[0][kind.noun])

    async def change_interview(
        self, changed: Interview, *, expected: InterviewOutcome, tie: Tie | None
    ) -> Interview:
        async def work(tx: AsyncManagedTransaction) -> None:
            outcome = await _single(tx, cypher.LOCK_INTERVIEW, "outcome", id=changed.id)
            if outcome is None:
                raise NotFound(f"no interview with id {changed.id!r}")
            if outcome != expected.value:
                raise Conflict(f"interview {changed.id!r} is now {outcome}, not {expected.value}")
            await (await tx.run(cypher.REPLACE_INTERVIEW, props=interview_props(changed))).consume()
            if tie is not None:
                await (await tx.run(cypher.TOUCH_TIE, tie=tie_params(tie), warmth=WARMTH)).consume()

        await self._transaction(work)
        return changed

    async def get_interviews(self, ids: Sequence[str]) -> list[Interview | None]:
        keys = [id_key(i) for i in ids]
        records = await self._read(cypher.GET_INTERVIEWS, keys=keys)
        found = {id_key(r["interview"]["id"]): parse_interview(r["interview"]) for r in records}
        return [found.get(k) for k in keys]

    async def interviews_of(self, candidate_ids: Sequence[str]) -> list[list[Interview]]:
        by_candidate: dict[str, list[Interview]] = {i: [] for i in candidate_ids}
        for record in await self._read(cypher.INTERVIEWS_OF, ids=list(candidate_ids)):
            interview = parse_interview(record["interview"])
            by_candidate[interview.candidate_id].append(interview)
        return [sorted(by_candidate[i], key=lambda x: (x.date, x.id)) for i in candidate_ids]

    async def record_referral(self, referral: Referral) -> tuple[Referral, bool]:
        return await self._record(REFERRALS, referral, referral_props(referral), None)

    async def change_referral_status(
        self, referral_id: str, *, expected: ReferralStatus, change: StatusChange, tie: Tie | None
    ) -> Referral:
        async def work(tx: AsyncManagedTransaction) -> Referral:
            await (await tx.run(cypher.LOCK_REFERRAL, id=referral_id)).consume()
            current = await _single(tx, cypher.GET_REFERRAL, "referral", id=referral_id)
            if current is None:
                raise NotFound(f"no referral with id {referral_id!r}")
            before = parse_referral(current)
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
                await (await tx.run(cypher.TOUCH_TIE, tie=tie_params(tie), warmth=WARMTH)).consume()
            return parse_referral(changed)

        result: Referral = await self._transaction(work)
        return result

    async def get_interviews_all(self) -> list[Interview]:
        return [parse_interview(r["interview"]) for r in await self._read(cypher.EXPORT_INTERVIEWS)]

    async def get_referrals_all(self) -> list[Referral]:
        return [parse_referral(r["referral"]) for r in await self._read(cypher.EXPORT_REFERRALS)]

    async def get_referrals(self, ids: Sequence[str]) -> list[Referral | None]:
        keys = [id_key(i) for i in ids]
        records = await self._read(cypher.GET_REFERRALS, keys=keys)
        found = {id_key(r["referral"]["id"]): parse_referral(r["referral"]) for r in records}
        return [found.get(k) for k in keys]

    async def list_referrals(self, where: ReferralFilter, *, first: int, after: str | None) -> Page[Referral]:
        records = await self._read(cypher.LIST_REFERRALS, **_where(where), after=after, limit=first + 1)
        found = [parse_referral(r["referral"]) for r in records]
        return Page(found[:first], has_next=len(found) > first)

    async def count_referrals(self, where: ReferralFilter) -> int:
        (record,) = await self._read(cypher.COUNT_REFERRALS, **_where(where), after=None)
        return int(record["n"])

    async def find_referrals(self, where: ReferralFilter) -> list[Referral]:
        records = await self._read(cypher.FIND_REFERRALS, **_where(where), after=None)
        return sorted((parse_referral(r["referral"]) for r in records), key=lambda r: (r.created_at, r.id))


def interview_props(interview: Interview) -> dict[str, Any]:
    """The row, and the key that finds its id in any case."""
    return rows.interview_row(interview) | {"idKey": id_key(interview.id)}


def referral_props(referral: Referral) -> dict[str, Any]:
    props = rows.referral_row(referral) | {"idKey": id_key(referral.id)}
    props["history"] = _history(referral)
    return props


def _history(referral: Referral) -> str:
    return json.dumps([rows.change_row(c) for c in referral.history])


def parse_interview(values: Mapping[str, Any]) -> Interview:
    return rows.interview_from_row({k: v for k, v in values.items() if v is not None})


def parse_referral(values: Mapping[str, Any]) -> Referral:
    row = {k: v for k, v in values.items() if v is not None}
    row["history"] = json.loads(row["history"])
    return rows.referral_from_row(row)


def tie_params(tie: Tie) -> dict[str, Any]:
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
        "involving": where.involving,
    }


async def _single(tx: AsyncManagedTransaction, statement: LiteralString, column: str, **params: Any) -> Any:
    result = await tx.run(statement, params)
    record = await result.single()
    return None if record is None else record[column]


INTERVIEWS: _Kind[Interview] = _Kind(
    "interview", cypher.INTERVIEW_BY_KEY, cypher.CREATE_INTERVIEW, parse_interview,
    "the candidate, interviewer or company does not exist",
)  # fmt: skip
REFERRALS: _Kind[Referral] = _Kind(
    "referral", cypher.REFERRAL_BY_KEY, cypher.CREATE_REFERRAL, parse_referral,
    "the referrer, candidate, company or contact does not exist",
)  # fmt: skip
