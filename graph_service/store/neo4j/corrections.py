"""The Neo4j store's corrections (a mixin of `Neo4jStore`): each one managed transaction that
reads what the person or company left behind, rewrites it with `domain.corrections` (as the
memory store does), and deletes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph_service.domain import corrections, rows
from graph_service.domain.errors import Conflict, NotFound
from graph_service.domain.model import Person, Tie, tie_pair
from graph_service.store.neo4j import corrections_cypher as cypher
from graph_service.store.neo4j import hiring_cypher, tallies
from graph_service.store.neo4j.cypher import UPSERT_TIES
from graph_service.store.neo4j.hiring import (
    interview_props,
    parse_interview,
    parse_referral,
    referral_props,
    tie_params,
)
from graph_service.store.neo4j.session import Neo4jSession


class Neo4jCorrections(Neo4jSession):
    async def delete_person(self, person_id: str) -> None:
        async def work(tx: AsyncManagedTransaction) -> None:
            _, interviews, referrals = await _records(tx, person_id)
            gone_interviews = [i.id for i in interviews if i.candidate_id == person_id]
            gone_referrals = [r.id for r in referrals if r.candidate_id == person_id]
            kept_interviews = [
                corrections.anonymized_interview(i, person_id)
                for i in interviews
                if i.candidate_id != person_id
            ]
            kept_referrals = [
                corrections.anonymized_referral(r, person_id)
                for r in referrals
                if r.candidate_id != person_id
            ]
            await _run(tx, cypher.DELETE_INTERVIEWS, ids=gone_interviews)
            await _run(tx, cypher.DELETE_REFERRALS, ids=gone_referrals)
            await _run(tx, cypher.DELETE_PERSON, id=person_id)
            await _upsert_records(tx, kept_interviews, kept_referrals)
            await tallies.refresh_records(
                tx, referrals=[*referrals, *kept_referrals], interviews=[*interviews, *kept_interviews]
            )

        await self._transaction(work)

    async def merge_people(self, keep_id: str, merge_id: str) -> Person:
        async def work(tx: AsyncManagedTransaction) -> Person:
            kept, _, _ = await _records(tx, keep_id)
            _, interviews, referrals = await _records(tx, merge_id)
            ties: dict[str, list[Tie]] = {keep_id: [], merge_id: []}
            result = await tx.run(cypher.TIES_OF, ids=[keep_id, merge_id])
            async for record in result:
                a, b = tie_pair(record["personId"], record["otherId"])
                values = {k: v for k, v in record["tie"].items() if v is not None}
                ties[record["personId"]].append(rows.tie_from_row({**values, "a": a, "b": b}))
            moved_ties = corrections.moved_ties(keep_id, ties[keep_id], merge_id, ties[merge_id])
            moved_interviews = [corrections.moved_interview(i, merge_id, keep_id) for i in interviews]
            moved_referrals = [corrections.moved_referral(r, merge_id, keep_id) for r in referrals]
            await _run(tx, cypher.MOVE_EMPLOYMENTS, keepId=keep_id, mergeId=merge_id)
            await _run(tx, cypher.MOVE_TARGETS, keepId=keep_id, mergeId=merge_id)
            await _run(tx, cypher.DELETE_PERSON, id=merge_id)
            await _run(tx, UPSERT_TIES, rows=[tie_params(t) for t in moved_ties])
            await _upsert_records(tx, moved_interviews, moved_referrals)
            await tallies.refresh_records(
                tx, referrals=[*referrals, *moved_referrals], interviews=[*interviews, *moved_interviews]
            )
            return kept

        found: Person = await self._transaction(work)
        return found

    async def delete_tie(self, a_id: str, b_id: str) -> None:
        a, b = tie_pair(a_id, b_id)
        await self._deleted(cypher.DELETE_TIE, f"no tie between {a_id!r} and {b_id!r}", a=a, b=b)

    async def delete_interview(self, interview_id: str) -> None:
        async def work(tx: AsyncManagedTransaction) -> bool:
            record = await (await tx.run(cypher.DELETE_INTERVIEW, id=interview_id)).single()
            if record is None:
                return False
            gone = (record["candidateId"], record["companyId"])
            await tallies.refresh(tx, candidate_ids=[gone[0]], pairs=[gone])
            return True

        if not await self._transaction(work):
            raise NotFound(f"no interview with id {interview_id!r}")

    async def delete_referral(self, referral_id: str) -> None:
        async def work(tx: AsyncManagedTransaction) -> bool:
            record = await (await tx.run(cypher.DELETE_REFERRAL, id=referral_id)).single()
            if record is None:
                return False
            await tallies.refresh(tx, referrer_ids=[record["referrerId"]])
            return True

        if not await self._transaction(work):
            raise NotFound(f"no referral with id {referral_id!r}")

    async def delete_company(self, company_id: str) -> None:
        async def work(tx: AsyncManagedTransaction) -> None:
            record = await (await tx.run(cypher.COMPANY_POSITIONS, id=company_id)).single()
            if record is None:
                raise NotFound(f"no company with id {company_id!r}")
            if record["positions"]:
                raise Conflict(
                    f"company {company_id!r} has {record['positions']} positions, current or past; "
                    "end and remove them first"
                )
            gone = await (await tx.run(cypher.DELETE_COMPANY, id=company_id)).single(strict=True)
            await tallies.refresh(
                tx,
                referrer_ids=gone["referrerIds"],
                pairs=[(candidate, company_id) for candidate in gone["candidateIds"]],
            )

        await self._transaction(work)

    async def _deleted(self, statement: LiteralString, missing: str, **params: Any) -> None:
        async def work(tx: AsyncManagedTransaction) -> int:
            record = await (await tx.run(statement, params)).single()
            return 0 if record is None else int(record["n"])

        if not await self._transaction(work):
            raise NotFound(missing)


async def _records(tx: AsyncManagedTransaction, person_id: str) -> tuple[Person, list[Any], list[Any]]:
    record = await (await tx.run(cypher.PERSON_RECORDS, id=person_id)).single()
    if record is None:
        raise NotFound(f"no person with id {person_id!r}")
    person: Mapping[str, Any] = record["person"]
    return (
        rows.person_from_row({k: v for k, v in person.items() if v is not None}),
        [parse_interview(values) for values in record["interviews"]],
        [parse_referral(values) for values in record["referrals"]],
    )


async def _upsert_records(tx: AsyncManagedTransaction, interviews: list[Any], referrals: list[Any]) -> None:
    await _run(tx, hiring_cypher.UPSERT_INTERVIEWS, rows=[interview_props(i) for i in interviews])
    await _run(tx, hiring_cypher.UPSERT_REFERRALS, rows=[referral_props(r) for r in referrals])


async def _run(tx: AsyncManagedTransaction, statement: LiteralString, **params: Any) -> None:
    await (await tx.run(statement, params)).consume()
