"""The referrer leaderboard, one aggregating statement on Neo4j and a tally in the memory store,
gives the same answers on random referral histories for every order, floor and length."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

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
from graph_service.domain.model import (
    Company,
    Employment,
    Function,
    GraphDocument,
    Person,
    Seniority,
)
from graph_service.services import referrals
from graph_service.store.memory.store import MemoryStore
from graph_service.store.neo4j.store import Neo4jStore
from tests.neo4j_reset import clear_neo4j

START = datetime(2025, 1, 1, 9, tzinfo=UTC)


def _history(rng: random.Random, made: datetime) -> tuple[StatusChange, ...]:
    changes = [StatusChange(ReferralStatus.MADE, made)]
    at = made
    for status in FORWARD[: rng.randint(0, len(FORWARD))]:
        at += timedelta(days=rng.randint(1, 20))
        changes.append(StatusChange(status, at, rng.choice([None, '"status": "INTRODUCED"'])))
    if changes[-1].status is not ReferralStatus.HIRED and rng.random() < 0.3:
        at += timedelta(days=1)
        changes.append(StatusChange(rng.choice([ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN]), at))
    return tuple(changes)


def random_hiring(seed: int) -> GraphDocument:
    rng = random.Random(seed)
    people = [Person(f"p{i:02d}", f"Person {i}") for i in range(30)]
    companies = [Company(f"c{i}", f"Company {i}") for i in range(5)]
    jobs = [
        Employment(
            person_id=p.id,
            company_id=rng.choice(companies).id,
            title="Role",
            seniority=rng.choice(list(Seniority)),
            function=Function.ENGINEERING,
            start_date=date(2015 + k, 1, 1),
            end_date=None if rng.random() < 0.6 else date(2015 + k, 12, 31),
        )
        for p in people
        for k in range(rng.randint(0, 2))
    ]
    found: list[Referral] = []
    for n in range(300):
        referrer, candidate = rng.sample(people, 2)
        made = START + timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23))
        history = _history(rng, made)
        found.append(
            Referral(
                id=f"r{n:03d}",
                referrer_id=referrer.id if rng.random() < 0.8 else people[n % 6].id,
                candidate_id=candidate.id,
                company_id=rng.choice(companies).id,
                status=history[-1].status,
                created_at=made,
                updated_at=history[-1].at,
                cross_firm=rng.random() < 0.5,
                history=history,
            )
        )
    interviews = [
        Interview(
            id=f"i{n:03d}",
            candidate_id=rng.choice(people).id,
            company_id=rng.choice(companies).id,
            interviewer_id=rng.choice(people).id,
            stage=rng.choice(list(InterviewStage)),
            date=(START + timedelta(days=rng.randint(-30, 430))).date(),
            outcome=rng.choice(list(InterviewOutcome)),
        )
        for n in range(250)
    ]
    return GraphDocument(companies, people, jobs, [], interviews=interviews, referrals=found)


@pytest.mark.neo4j
async def test_both_stores_rank_random_referral_histories_alike(
    neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    document = random_hiring(seed=11)
    await clear_neo4j(neo4j_store)
    await neo4j_store.import_document(document)
    memory = MemoryStore.open(tmp_path)
    try:
        await memory.import_document(document)
        compared = 0
        for order in LeaderboardOrder:
            for floor in (None, Seniority.MANAGER, Seniority.OWNER):
                for first in (1, 7, 50):
                    asked = {"order": order, "first": first, "min_seniority": floor}
                    expected = await referrals.referrer_leaderboard(memory, **asked)  # type: ignore[arg-type]
                    assert await referrals.referrer_leaderboard(neo4j_store, **asked) == expected, asked  # type: ignore[arg-type]
                    compared += bool(expected)
        assert compared > 30
        top = await referrals.referrer_leaderboard(memory, order=LeaderboardOrder.INTERVIEWS, first=1)
        assert top[0].interviews > 0 and top[0].introductions > 0
    finally:
        await memory.close()
