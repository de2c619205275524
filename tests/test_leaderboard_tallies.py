"""The Neo4j leaderboard reads tallies that every write keeps exact: random sequences of every
kind of write that touches referrals or interviews, each followed by the leaderboard from the
tallies, from a scan of every referral, and from the memory store, for every order; tallies built
at connect for a database without them; concurrent writes for one referrer lose no count."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph_service.domain import rows
from graph_service.domain.errors import GraphServiceError
from graph_service.domain.hiring import (
    FORWARD,
    InterviewOutcome,
    InterviewStage,
    Referral,
    ReferralStatus,
    StatusChange,
)
from graph_service.domain.leaderboard import LeaderboardOrder, ReferrerRecord
from graph_service.domain.model import Seniority
from graph_service.services import corrections, interviews, referrals
from graph_service.services.graph_import import import_graph
from graph_service.services.referrals import MAX_LEADERS
from graph_service.settings import Settings
from graph_service.store.memory.store import MemoryStore
from graph_service.store.neo4j.store import Neo4jStore
from graph_service.store.protocol import Store
from tests.neo4j_reset import clear_neo4j

START = datetime(2026, 1, 5, 9, tzinfo=UTC)
TODAY = date(2026, 11, 26)
EMPLOYERS = ["c0", "c1", "c2"]
COMPANIES = [*EMPLOYERS, "c3", "c4"]  # nobody works at c3 and c4: they can be deleted
PEOPLE = [f"p{n:02d}" for n in range(14)]
# Few candidates, none at c0, where most referrals and interviews go: interviews often count.
CANDIDATES = ["p01", "p02", "p04", "p05", "p07"]
LEVELS = ["SENIOR", "MANAGER", "DIRECTOR", "VP", "OWNER"]


def world(seed: int) -> dict[str, Any]:
    """Everyone holds one position at c0, c1 or c2, by the order of their id; levels by seed."""
    rng = random.Random(seed)
    jobs = []
    for n, person in enumerate(PEOPLE):
        jobs.append(
            {"personId": person, "companyId": EMPLOYERS[n % 3], "title": "Lead", "seniority": rng.choice(LEVELS),
             "function": "ENGINEERING", "startDate": "2015-01-01", "endDate": None}
        )  # fmt: skip
    return {
        "companies": [{"id": c, "name": f"Company {c}"} for c in COMPANIES],
        "people": [{"id": p, "name": f"Person {p}"} for p in PEOPLE],
        "employments": jobs,
        "ties": [],
    }


@dataclass
class Run:
    """The same writes on both stores; records are known by each store's own id."""

    neo4j: Neo4jStore
    memory: MemoryStore
    rng: random.Random
    clock: datetime = START
    referrals: list[tuple[str, str]] = field(default_factory=list)
    interviews: list[tuple[str, str]] = field(default_factory=list)
    imported: int = 0

    def tick(self) -> datetime:
        self.clock += timedelta(hours=self.rng.randint(1, 30))
        return self.clock

    def day(self) -> date:
        """About the time of the latest referrals, before or after them."""
        return (self.clock + timedelta(days=self.rng.randint(-5, 15))).date()

    async def both(self, write: Callable[[Store, int], Awaitable[Any]]) -> tuple[Any, Any]:
        """The write on each store (0: Neo4j, 1: memory); both succeed or both refuse alike."""
        outcomes: list[Any] = []
        stores: tuple[Store, Store] = (self.neo4j, self.memory)
        for side, store in enumerate(stores):
            try:
                outcomes.append(await write(store, side))
            except GraphServiceError as error:
                outcomes.append(type(error))
        refused = [isinstance(o, type) for o in outcomes]
        assert refused[0] == refused[1] and (not refused[0] or outcomes[0] is outcomes[1]), outcomes
        return outcomes[0], outcomes[1]


def pick(rng: random.Random, found: list[tuple[str, str]]) -> tuple[str, str] | None:
    return rng.choice(found) if found else None


async def log_referral(run: Run) -> None:
    candidate = run.rng.choice(CANDIDATES)
    referrer = run.rng.choice([p for p in PEOPLE if p != candidate])
    company, at = run.rng.choice(["c0", "c0", *COMPANIES]), run.tick()

    async def write(store: Store, _: int) -> str:
        made, _replayed = await referrals.log_referral(
            store, referrer_id=referrer, candidate_id=candidate, company_id=company, at=at
        )
        return made.id

    made = await run.both(write)
    if isinstance(made[0], str):
        run.referrals.append(made)


async def change_status(run: Run) -> None:
    chosen = pick(run.rng, run.referrals)
    if chosen is None:
        return
    status, at = run.rng.choice(list(ReferralStatus)), run.tick()
    await run.both(
        lambda store, side: referrals.update_referral_status(
            store, referral_id=chosen[side], status=status, at=at
        )
    )


async def log_interview(run: Run) -> None:
    company = run.rng.choice(["c0", "c0", "c0", *EMPLOYERS])
    interviewer = run.rng.choice(PEOPLE[EMPLOYERS.index(company) :: 3])
    candidate = run.rng.choice(CANDIDATES)
    outcome = run.rng.choice([InterviewOutcome.PENDING] * 4 + list(InterviewOutcome))
    stage, day = run.rng.choice(list(InterviewStage)), run.day()

    async def write(store: Store, _: int) -> str:
        logged, _replayed = await interviews.log_interview(
            store, candidate_id=candidate, company_id=company, interviewer_id=interviewer,
            stage=stage, day=day, outcome=outcome, today=TODAY,
        )  # fmt: skip
        return logged.id

    logged = await run.both(write)
    if isinstance(logged[0], str):
        run.interviews.append(logged)


async def change_interview(run: Run) -> None:
    """A pending interview moved (often to before every referral) or any interview's outcome
    changed (often to a hire)."""
    chosen = pick(run.rng, run.interviews)
    if chosen is None:
        return
    if run.rng.random() < 0.5:
        day = run.rng.choice([START.date() - timedelta(days=3), run.day()])
        await run.both(
            lambda store, side: interviews.reschedule_interview(store, interview_id=chosen[side], day=day)
        )
        return
    outcome = run.rng.choice([InterviewOutcome.HIRED, *InterviewOutcome])
    await run.both(
        lambda store, side: interviews.update_interview_outcome(
            store, interview_id=chosen[side], outcome=outcome, today=TODAY
        )
    )


async def delete_record(run: Run) -> None:
    if run.rng.random() < 0.5 and run.interviews:
        gone = run.interviews.pop(run.rng.randrange(len(run.interviews)))
        await run.both(lambda store, side: corrections.delete_interview(store, gone[side]))
    elif run.referrals:
        gone = run.referrals.pop(run.rng.randrange(len(run.referrals)))
        await run.both(lambda store, side: corrections.delete_referral(store, gone[side]))


async def correct_people(run: Run) -> None:
    """Deletes or merges someone, who then comes back as a new person with their position."""
    keep, other = run.rng.sample(PEOPLE, 2)
    if run.rng.random() < 0.3:
        await run.both(lambda store, _: corrections.delete_person(store, other))
    else:
        await run.both(lambda store, _: corrections.merge_people(store, keep_id=keep, merge_id=other))
    await restore(run, people=[other])


async def delete_company(run: Run) -> None:
    company = run.rng.choice(COMPANIES[3:])
    await run.both(lambda store, _: corrections.delete_company(store, company))
    await restore(run, companies=[company])


async def restore(run: Run, *, people: list[str] = [], companies: list[str] = []) -> None:  # noqa: B006
    whole = world(0)
    document = {
        "companies": [c for c in whole["companies"] if c["id"] in companies],
        "people": [p for p in whole["people"] if p["id"] in people],
        "employments": [e for e in whole["employments"] if e["personId"] in people],
    }
    imported = await run.both(lambda store, _: import_graph(store, document, today=TODAY))
    assert not isinstance(imported[0], type), imported


async def import_rows(run: Run) -> None:
    """A referral and an interview by import: new ids, or earlier imported ones rewritten (another
    referrer, candidate, status or date)."""
    n = run.rng.randint(0, run.imported)
    run.imported = max(run.imported, n + 1)
    candidate = run.rng.choice(CANDIDATES)
    referrer = run.rng.choice([p for p in PEOPLE if p != candidate])
    made = run.tick() - timedelta(days=run.rng.randint(0, 30))
    history = [StatusChange(ReferralStatus.MADE, made)]
    for status in FORWARD[: run.rng.randint(0, len(FORWARD))]:
        history.append(StatusChange(status, history[-1].at + timedelta(hours=1)))
    if history[-1].status is not ReferralStatus.HIRED and run.rng.random() < 0.3:
        history.append(StatusChange(ReferralStatus.WITHDRAWN, history[-1].at + timedelta(hours=1)))
    referral = Referral(
        id=f"imported-{n}", referrer_id=referrer, candidate_id=candidate,
        company_id=run.rng.choice(COMPANIES), status=history[-1].status, created_at=made,
        updated_at=history[-1].at, cross_firm=False, history=tuple(history),
    )  # fmt: skip
    company = run.rng.choice(EMPLOYERS)
    document = {
        "referrals": [rows.referral_row(referral)],
        "interviews": [
            {"id": f"imported-{n}", "candidateId": run.rng.choice(CANDIDATES), "companyId": company,
             "interviewerId": run.rng.choice(PEOPLE[EMPLOYERS.index(company) :: 3]),
             "stage": "HIRING_MANAGER", "date": run.day().isoformat(),
             "outcome": run.rng.choice(["ADVANCED", "HIRED", "REJECTED"])}
        ],
    }  # fmt: skip
    await run.both(lambda store, _: import_graph(store, document, skip_invalid=True, today=TODAY))


WRITES = [
    (log_referral, 6), (change_status, 6), (log_interview, 5), (change_interview, 5),
    (delete_record, 3), (correct_people, 2), (delete_company, 1), (import_rows, 2),
]  # fmt: skip


async def boards(store: Store, order: LeaderboardOrder, floor: Seniority | None) -> list[ReferrerRecord]:
    return await referrals.referrer_leaderboard(store, order=order, first=MAX_LEADERS, min_seniority=floor)


async def check_alike(run: Run, step: str) -> int:
    listed = 0
    for order in LeaderboardOrder:
        for floor in (None, Seniority.DIRECTOR):
            tallied = await boards(run.neo4j, order, floor)
            scanned = await run.neo4j.referrer_leaderboard_by_scan(
                order=order, first=MAX_LEADERS, min_seniority=floor
            )
            assert tallied == scanned, (step, order, floor)
            assert tallied == await boards(run.memory, order, floor), (step, order, floor)
            listed += len(tallied)
    return listed


@pytest.mark.neo4j
@pytest.mark.parametrize("seed", [3, 17])
async def test_every_write_keeps_the_tallies_equal_to_a_full_count_and_to_the_memory_store(
    neo4j_store: Neo4jStore, tmp_path: Path, seed: int
) -> None:
    await clear_neo4j(neo4j_store)
    memory = MemoryStore.open(tmp_path)
    try:
        run = Run(neo4j_store, memory, random.Random(seed))
        await run.both(lambda store, _: import_graph(store, world(seed), today=TODAY))
        writes, weights = zip(*WRITES, strict=True)
        done: dict[str, int] = {}
        listed = 0
        for n in range(80):
            write = run.rng.choices(writes, weights)[0]
            await write(run)
            done[write.__name__] = done.get(write.__name__, 0) + 1
            listed += await check_alike(run, f"{n}: {write.__name__}")
        assert set(done) == {w.__name__ for w in writes}, done
        assert listed > 200
    finally:
        await memory.close()


@pytest.mark.neo4j
async def test_a_database_without_tallies_gets_them_at_connect(
    neo4j_store: Neo4jStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    await clear_neo4j(neo4j_store)
    run = Run(neo4j_store, MemoryStore.open(tmp_path), random.Random(5))
    try:
        await run.both(lambda store, _: import_graph(store, world(5), today=TODAY))
        for _ in range(12):
            await log_referral(run)
            await log_interview(run)
            await change_status(run)
        expected = await boards(run.memory, LeaderboardOrder.REFERRALS, None)
        assert len(expected) > 5
        # What a database written before tallies existed looks like.
        await neo4j_store.run_admin("MATCH (t:ReferrerTally) DETACH DELETE t")
        assert await boards(neo4j_store, LeaderboardOrder.REFERRALS, None) == []
        upgraded = await Neo4jStore.connect(neo4j_settings)
        try:
            for order in LeaderboardOrder:
                assert await boards(upgraded, order, None) == await boards(run.memory, order, None)
        finally:
            await upgraded.close()
    finally:
        await run.memory.close()


@pytest.mark.neo4j
async def test_concurrent_writes_for_one_referrer_and_one_candidate_lose_no_count(
    neo4j_store: Neo4jStore,
) -> None:
    """At once: referrals by one referrer and their introductions, referrals of one candidate to
    one company by everyone else, and that candidate's interviews there. The tallies count each."""
    await clear_neo4j(neo4j_store)
    await import_graph(neo4j_store, world(7), today=TODAY)
    referrer, candidate = "p01", "p02"
    others = [p for p in PEOPLE if p not in (referrer, candidate)]

    async def refer(by: str, who: str, company: str) -> str:
        made, _ = await referrals.log_referral(
            neo4j_store, referrer_id=by, candidate_id=who, company_id=company, at=START
        )
        return made.id

    async def interview(n: int) -> None:
        await interviews.log_interview(
            neo4j_store, candidate_id=candidate, company_id="c0", interviewer_id="p00",
            stage=InterviewStage.HIRING_MANAGER, day=date(2026, 2, 1),
            outcome=InterviewOutcome.HIRED if n == 5 else InterviewOutcome.ADVANCED, today=TODAY,
        )  # fmt: skip

    made = await asyncio.gather(*(refer(referrer, who, "c3") for who in others * 2))
    await asyncio.gather(
        *(refer(by, candidate, "c0") for by in others),
        *(interview(n) for n in range(12)),
        *(
            referrals.update_referral_status(
                neo4j_store, referral_id=r, status="INTRODUCED", at=START + timedelta(hours=1)
            )
            for r in made
        ),
    )
    board = await boards(neo4j_store, LeaderboardOrder.REFERRALS, None)
    by_id = {record.referrer_id: record for record in board}
    assert by_id[referrer] == ReferrerRecord(
        referrer, 2 * len(others), 2 * len(others), 2 * len(others), 0, 0
    )
    for other in others:
        cross_firm = int(EMPLOYERS[PEOPLE.index(other) % 3] != "c0")
        assert by_id[other] == ReferrerRecord(other, 1, cross_firm, 0, 12, 1)
    for order in LeaderboardOrder:
        assert await boards(neo4j_store, order, None) == await neo4j_store.referrer_leaderboard_by_scan(
            order=order, first=MAX_LEADERS, min_seniority=None
        )


@pytest.mark.neo4j
async def test_interviews_moved_while_referrals_are_logged_are_credited(neo4j_store: Neo4jStore) -> None:
    """Pending interviews rescheduled into the referrals' time while those referrals are logged:
    whichever commits first, every referral gets every interview."""
    await clear_neo4j(neo4j_store)
    await import_graph(neo4j_store, world(8), today=TODAY)
    candidate = "p02"
    others = [p for p in PEOPLE if p != candidate]
    pending = [
        await interviews.log_interview(
            neo4j_store, candidate_id=candidate, company_id="c0", interviewer_id="p00",
            stage=InterviewStage.HIRING_MANAGER, day=date(2025, 12, 1),
            outcome=InterviewOutcome.PENDING, today=TODAY,
        )
        for _ in range(12)
    ]  # fmt: skip

    async def refer(by: str) -> None:
        await referrals.log_referral(
            neo4j_store, referrer_id=by, candidate_id=candidate, company_id="c0", at=START
        )

    await asyncio.gather(
        *(refer(by) for by in others),
        *(
            interviews.reschedule_interview(neo4j_store, interview_id=logged.id, day=date(2026, 2, 1))
            for logged, _ in pending
        ),
    )
    board = await boards(neo4j_store, LeaderboardOrder.INTERVIEWS, None)
    assert [(record.referrer_id, record.interviews) for record in board] == [
        (by, 12) for by in sorted(others)
    ]
