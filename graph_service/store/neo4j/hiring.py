"""The Neo4j store's interviews and referrals (a mixin of `Neo4jStore`).

Writes that must be whole (an interview and its tie; a status change and its tie) run in one
managed transaction. A concurrent write with the same idempotency key loses on the uniqueness
constraint; it then reads the winner and answers as a replay would.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, LiteralString, Protocol, TypeVar

from neo4j import AsyncManagedTransaction

from graph_service.domain import rows
from graph_service.domain.errors import Conflict, NotFound
from graph_service.domain.hiring import (
    Interview,
    InterviewOutcome,
    Referral,
    ReferralFilter,
    StatusChange,
)
from graph_service.domain.leaderboard import LeaderboardOrder, ReferrerRecord
from graph_service.domain.model import Page, Seniority, Tie, by_recency, id_key
from graph_service.domain.parties import Parties, Wanted
from graph_service.domain.strength import WARMTH
from graph_service.store import audit
from graph_service.store.neo4j import hiring_cypher as cypher
from graph_service.store.neo4j import tallies
from graph_service.store.neo4j.session import Neo4jSession, audit_params, plain, timed

# Counting every tally of a large database at connect takes longer than a request's statements may.
BACKFILL_TIMEOUT_SECONDS = 600.0


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
    parties: LiteralString
    create: LiteralString
    props: Callable[[K], dict[str, Any]]
    parse: Callable[[Mapping[str, Any]], K]
    missing: str
    # Counts the referrer tallies the new record changes, in its transaction (`tallies`); None
    # when `create` counts them itself (it then takes the counting rules as parameters).
    tally: Callable[[AsyncManagedTransaction, K], Awaitable[None]] | None


class Neo4jHiring(Neo4jSession):
    async def record_interview(
        self, wanted: Wanted, decide: Callable[[Parties], tuple[Interview, Tie | None]]
    ) -> tuple[Interview, bool]:
        return await self._record(INTERVIEWS, wanted, decide)

    async def _record(
        self, kind: _Kind[K], wanted: Wanted, decide: Callable[[Parties], tuple[K, Tie | None]]
    ) -> tuple[K, bool]:
        """One transaction: gather the parties and the record stored under the key in one
        statement, decide, then create the record (with the audit entry) and touch the tie. A
        replay with the same fingerprint answers the stored record, other input is a CONFLICT."""
        decided: list[K] = []

        async def work(tx: AsyncManagedTransaction) -> K | None:
            result = await tx.run(
                kind.parties,
                asked=[{"id": i, "key": id_key(i)} for i in wanted.people],
                companyKey=id_key(wanted.company_id),
                key=wanted.key,
            )
            gathered = await result.single(strict=True)
            record, tie = decide(_parties(gathered, wanted.company_id))
            decided.append(record)
            if gathered["stored"] is not None:
                return kind.parse(gathered["stored"])
            entry = audit.due(subject=record.id)
            rules = tallies.rules() if kind.tally is None else {}
            created = await _single(
                tx, kind.create, "id", props=kind.props(record), audit=audit_params(entry), **rules
            )
            if created is None:
                raise NotFound(kind.missing)
            if tie is not None:
                await (await tx.run(cypher.TOUCH_TIE, tie=tie_params(tie), warmth=WARMTH)).consume()
            if kind.tally is not None:
                await kind.tally(tx, record)
            return None

        try:
            stored = await self._transaction(work, audited=False)
        except Conflict:
            # Lost a race on a uniqueness constraint: the winner holds the key (or the id).
            stored = await self._by_key(kind, decided[-1])
        record = decided[-1]
        if stored is None:
            audit.written()
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
            await tallies.refresh_records(tx, interviews=[changed])

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

    async def record_referral(
        self, wanted: Wanted, decide: Callable[[Parties], tuple[Referral, None]]
    ) -> tuple[Referral, bool]:
        return await self._record(REFERRALS, wanted, decide)

    async def change_referral_status(
        self, referral_id: str, decide: Callable[[Referral | None], tuple[StatusChange, Tie | None]]
    ) -> Referral:
        async def work(tx: AsyncManagedTransaction) -> Referral:
            current = await _single(tx, cypher.LOCK_REFERRAL, "referral", key=id_key(referral_id))
            before = None if current is None else parse_referral(current)
            change, tie = decide(before)
            if before is None:
                raise NotFound(f"no referral with id {referral_id!r}")
            after = replace(
                before, status=change.status, updated_at=change.at, history=(*before.history, change)
            )
            changed = await _single(
                tx,
                cypher.CHANGE_STATUS,
                "referral",
                id=before.id,
                status=change.status.value,
                updatedAt=rows.timestamp(change.at),
                history=_history(after),
                audit=audit_params(audit.due(subject=before.id)),
            )
            if tie is not None:
                await (await tx.run(cypher.TOUCH_TIE, tie=tie_params(tie), warmth=WARMTH)).consume()
            # Only the referrer's record changes: no referral is new, so no candidate is locked.
            await tallies.refresh(tx, referrer_ids=[after.referrer_id])
            return parse_referral(changed)

        result: Referral = await self._transaction(work, audited=False)
        audit.written()
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

    async def referrer_leaderboard(
        self, *, order: LeaderboardOrder, first: int, min_seniority: Seniority | None
    ) -> list[ReferrerRecord]:
        """From the referrers' tallies (`tallies`)."""
        return await self._leaderboard(cypher.LEADERBOARD, order, first, min_seniority)

    async def referrer_leaderboard_by_scan(
        self, *, order: LeaderboardOrder, first: int, min_seniority: Seniority | None
    ) -> list[ReferrerRecord]:
        """From every referral and interview, as the tallies were counted: what checks them."""
        return await self._leaderboard(cypher.LEADERBOARD_BY_SCAN, order, first, min_seniority)

    async def tally_old_referrals(self) -> None:
        """Count every tally when some referrer with referrals has none: a database written before
        tallies existed. One short read when nothing is missing."""
        (found,) = await self._read(cypher.TALLIES_MISSING)
        if found["missing"]:
            async with self._using(), self._driver.session(database=self._database) as session:
                await session.execute_write(timed(tallies.refresh_all, BACKFILL_TIMEOUT_SECONDS))

    async def _leaderboard(
        self, statement: LiteralString, order: LeaderboardOrder, first: int, floor: Seniority | None
    ) -> list[ReferrerRecord]:
        records = await self._read(
            statement,
            order=order.value,
            first=first,
            minRank=None if floor is None else floor.rank,
            today=date.today(),
            **tallies.rules(),
        )
        return [
            ReferrerRecord(
                referrer_id=r["referrerId"],
                referrals=r["referrals"],
                cross_firm=r["crossFirm"],
                introductions=r["introductions"],
                interviews=r["interviews"],
                hires=r["hires"],
            )
            for r in records
        ]

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


def _parties(gathered: Mapping[str, Any], company_id: str) -> Parties:
    """By the ids asked: the stored records answer with their own spelling."""
    people = {}
    jobs = {}
    for found in gathered["people"]:
        people[found["asked"]] = rows.person_from_row(plain(found["person"]))
        jobs[found["asked"]] = by_recency(
            rows.employment_from_row(
                {**plain(job["job"]), "personId": job["personId"], "companyId": job["companyId"]}
            )
            for job in found["jobs"]
        )
    company = gathered["company"]
    companies = {} if company is None else {company_id: rows.company_from_row(plain(company))}
    return Parties(people=people, companies=companies, jobs=jobs)


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
    "interview", cypher.INTERVIEW_BY_KEY, cypher.INTERVIEW_PARTIES, cypher.CREATE_INTERVIEW,
    interview_props, parse_interview,
    "the candidate, interviewer or company does not exist",
    lambda tx, interview: tallies.refresh_records(tx, interviews=[interview]),
)  # fmt: skip
REFERRALS: _Kind[Referral] = _Kind(
    "referral", cypher.REFERRAL_BY_KEY, cypher.REFERRAL_PARTIES, cypher.CREATE_REFERRAL_TALLIED,
    referral_props, parse_referral,
    "the referrer, candidate, company or contact does not exist",
    None,  # CREATE_REFERRAL_TALLIED counts the referrer's tally
)  # fmt: skip
