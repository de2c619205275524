"""The leaderboard phase of `graph-service bench`: referrals with their histories (and interviews
that follow some of them) generated in bulk over the network, then `referrerLeaderboard` timed
through the running service, one request at a time, over every order."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any, LiteralString

import httpx
import neo4j

from graph_service.bench.latency import summary
from graph_service.domain.hiring import (
    FORWARD,
    Interview,
    InterviewOutcome,
    InterviewStage,
    Referral,
    ReferralStatus,
    StatusChange,
)
from graph_service.domain.leaderboard import LeaderboardOrder
from graph_service.domain.model import GraphDocument
from graph_service.store.neo4j import hiring_cypher, tallies
from graph_service.store.neo4j.hiring import interview_props, referral_props

LEADERBOARD = """query($order: LeaderboardOrder!) {
  referrerLeaderboard(first: 10, orderBy: $order) { referrals hires conversion } }"""
WARMUP = 6
TIMED = 60
BATCH = 10_000
START = datetime(2025, 1, 1, 9, tzinfo=UTC)


def hiring_records(
    document: GraphDocument, count: int, *, seed: int
) -> tuple[list[Referral], list[Interview]]:
    """`count` referrals between the network's people (about a third with a later interview of
    the candidate at the target company), histories of random length."""
    rng = random.Random(seed)
    people = [p.id for p in document.people]
    companies = [c.id for c in document.companies]
    referrals: list[Referral] = []
    interviews: list[Interview] = []
    for n in range(count):
        referrer, candidate = rng.sample(people, 2)
        made = START + timedelta(days=rng.randint(0, 600), seconds=rng.randint(0, 86_399))
        changes = [StatusChange(ReferralStatus.MADE, made)]
        for status in FORWARD[: rng.choice([0, 0, 1, 1, 2, 3, 4])]:
            changes.append(StatusChange(status, changes[-1].at + timedelta(days=rng.randint(1, 30))))
        company = rng.choice(companies)
        referrals.append(
            Referral(
                id=f"bench_ref_{n}", referrer_id=referrer, candidate_id=candidate, company_id=company,
                status=changes[-1].status, created_at=made, updated_at=changes[-1].at,
                cross_firm=rng.random() < 0.6, history=tuple(changes),
            )
        )  # fmt: skip
        if rng.random() < 0.35:
            interviews.append(
                Interview(
                    id=f"bench_iv_{n}", candidate_id=candidate, company_id=company,
                    interviewer_id=rng.choice(people), stage=rng.choice(list(InterviewStage)),
                    date=(made + timedelta(days=rng.randint(0, 60))).date(),
                    outcome=rng.choice(list(InterviewOutcome)),
                )
            )  # fmt: skip
    return referrals, interviews


def into_neo4j(
    driver: neo4j.Driver, database: str, referrals: list[Referral], interviews: list[Interview]
) -> None:
    """With the store's own upserts, in batches of separate transactions, then the referrers'
    tallies counted once (`tallies.refresh_all`)."""
    batches = [
        (hiring_cypher.UPSERT_REFERRALS, [referral_props(r) for r in referrals]),
        (hiring_cypher.UPSERT_INTERVIEWS, [interview_props(i) for i in interviews]),
    ]
    with driver.session(database=database) as session:
        for statement, rows in batches:
            for start in range(0, len(rows), BATCH):
                session.execute_write(_upsert, statement, rows[start : start + BATCH])
    tallies.refresh_all_now(driver, database)


def _upsert(tx: neo4j.ManagedTransaction, statement: LiteralString, rows: list[dict[str, Any]]) -> None:
    tx.run(statement, rows=rows).consume()


def timings(base_url: str, headers: dict[str, str]) -> dict[str, Any]:
    """p50 and p99 of `referrerLeaderboard` (first 10), cycling through the orders."""
    orders = [o.value for o in LeaderboardOrder]
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    with httpx.Client(base_url=base_url, headers=headers, timeout=120) as client:
        began = time.perf_counter()
        for n in range(WARMUP + TIMED):
            started = time.perf_counter()
            error = _ask(client, orders[n % len(orders)])
            if n < WARMUP:
                began = time.perf_counter()
                continue
            latencies.append(time.perf_counter() - started)
            if error is not None:
                errors[error] += 1
        elapsed = time.perf_counter() - began
    return {
        "leaderboard_requests": TIMED,
        **summary("leaderboard", latencies, count=TIMED, elapsed=elapsed, concurrency=1),
        "leaderboard_errors": dict(errors),
    }


def _ask(client: httpx.Client, order: str) -> str | None:
    try:
        body = client.post("/graphql", json={"query": LEADERBOARD, "variables": {"order": order}}).json()
    except (httpx.HTTPError, ValueError) as error:
        return type(error).__name__
    errors = body.get("errors") or []
    return str((errors[0].get("extensions") or {}).get("code")) if errors else None
