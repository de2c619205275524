"""Keeping the Neo4j store's referrer tallies exact: what each write calls in its own transaction.

A `(:ReferrerTally)` holds one referrer's leaderboard record (`domain.leaderboard.tally`), so the
leaderboard reads one small node per referrer instead of every referral. A write that creates,
changes or deletes referrals or interviews ends by counting again, from scratch and in the same
transaction, the tallies it may have changed (`refresh`); a bulk write counts every one
(`refresh_all`). A referral counts for its referrer; an interview for the referrers of the
referrals with its candidate and company. So a write names the referrers, and the candidates and
companies of the interviews, it touched, before and after.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import neo4j
from neo4j import AsyncManagedTransaction

from graph_service.domain.hiring import FINAL_STATUSES, INTRODUCED_OR_LATER, Interview, Referral
from graph_service.store.neo4j import hiring_cypher as cypher

# How a referral's history (JSON text) holds a status that counts as an introduction.
INTRODUCED_TEXT = sorted(json.dumps({"status": s.value})[1:-1] for s in INTRODUCED_OR_LATER)


def rules() -> dict[str, Any]:
    """The parameters that carry `domain.hiring`'s introduction rule into the counting statements."""
    return {
        "introduced": INTRODUCED_TEXT,
        "reached": sorted(s.value for s in INTRODUCED_OR_LATER),
        "closed": sorted(s.value for s in FINAL_STATUSES - INTRODUCED_OR_LATER),
    }


async def refresh(
    tx: AsyncManagedTransaction,
    *,
    referrer_ids: Iterable[str] = (),
    candidate_ids: Iterable[str] = (),
    pairs: Iterable[tuple[str, str]] = (),
) -> None:
    """Count again the tallies of these referrers, and of the referrers of the referrals with one
    of these (candidate, company) pairs; first lock these candidates (`LOCK_CANDIDATES`)."""
    referrers = sorted(set(referrer_ids))
    candidates = sorted(set(candidate_ids))
    found = sorted(set(pairs))
    if not referrers and not found:
        return
    result = await tx.run(
        cypher.REFRESH_TALLIES,
        referrerIds=referrers,
        candidateIds=candidates,
        pairs=[{"candidateId": c, "companyId": company} for c, company in found],
        **rules(),
    )
    await result.consume()


async def refresh_records(
    tx: AsyncManagedTransaction, *, referrals: Iterable[Referral] = (), interviews: Iterable[Interview] = ()
) -> None:
    """After writing these referrals and interviews (pass both the stored and the written ones):
    their candidates locked, their referrers counted, and the referrers the interviews count for."""
    referrals = list(referrals)
    interviews = list(interviews)
    await refresh(
        tx,
        referrer_ids=[r.referrer_id for r in referrals],
        candidate_ids=[r.candidate_id for r in referrals] + [i.candidate_id for i in interviews],
        pairs=[(i.candidate_id, i.company_id) for i in interviews],
    )


async def refresh_all(tx: AsyncManagedTransaction, *, candidate_ids: Iterable[str] = ()) -> None:
    result = await tx.run(cypher.REFRESH_ALL_TALLIES, candidateIds=sorted(set(candidate_ids)), **rules())
    await result.consume()


def refresh_all_now(driver: neo4j.Driver, database: str) -> None:
    """`refresh_all` in a transaction of its own, for loads through the synchronous driver."""

    def work(tx: neo4j.ManagedTransaction) -> None:
        tx.run(cypher.REFRESH_ALL_TALLIES, candidateIds=[], **rules()).consume()

    with driver.session(database=database) as session:
        session.execute_write(work)
