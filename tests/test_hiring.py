"""Interviews, the ladder and referrals, on both stores."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import pytest

from graph_service.domain.errors import BadUserInput, Conflict, InvalidTransition, NotFound
from graph_service.domain.hiring import InterviewOutcome, InterviewStage, ReferralFilter, ReferralStatus
from graph_service.domain.model import Seniority, TieContext
from graph_service.domain.strength import warmed
from graph_service.services import interviews, referrals
from graph_service.services.graph_import import export_graph, import_graph
from graph_service.store.protocol import Store
from tests.sample_data import HIRING

TODAY = date(2026, 11, 26)


async def interview(store: Store, **overrides: Any) -> tuple[Any, bool]:
    given: dict[str, Any] = {
        "candidate_id": "cy",
        "company_id": "globex",
        "interviewer_id": "di",
        "stage": InterviewStage.HR_SCREEN,
        "day": date(2026, 3, 2),
        "outcome": InterviewOutcome.ADVANCED,
        "role_title": "SRE",
        "today": TODAY,
    } | overrides
    return await interviews.log_interview(store, **given)


async def tie_between(store: Store, a: str, b: str) -> Any:
    (ties,) = await store.ties_of([a])
    return next((t for t in ties if t.other(a) == b), None)


async def test_an_interview_creates_a_tie_and_the_next_one_warms_it(store: Store) -> None:
    await import_graph(store, HIRING)
    await interview(store, interviewer_id="hal", stage=InterviewStage.HIRING_MANAGER)
    first = await tie_between(store, "cy", "hal")
    assert first.context is TieContext.INTERVIEW
    assert first.last_interaction == date(2026, 3, 2)
    await interview(store, interviewer_id="hal", stage=InterviewStage.HIRING_MANAGER, day=date(2026, 3, 9))
    second = await tie_between(store, "cy", "hal")
    assert second.strength == warmed(first.strength)
    assert second.last_interaction == date(2026, 3, 9)
    existing = await tie_between(store, "cy", "di")
    await interview(store)
    assert (await tie_between(store, "cy", "di")).strength == warmed(existing.strength)


@pytest.mark.parametrize(
    ("overrides", "error", "says"),
    [
        ({"day": date(2026, 12, 1)}, BadUserInput, "in the future"),
        ({"day": "2026-02-30"}, BadUserInput, "YYYY-MM-DD"),
        ({"stage": "FINAL_BOSS"}, BadUserInput, "stage must be one of"),
        ({"outcome": "MAYBE"}, BadUserInput, "outcome must be one of"),
        ({"interviewer_id": "ada"}, BadUserInput, "did not work at 'globex'"),
        ({"interviewer_id": "cy"}, BadUserInput, "themselves"),
        ({"candidate_id": "zed"}, NotFound, "zed"),
        ({"company_id": "initech"}, NotFound, "initech"),
    ],
)
async def test_bad_interviews_are_refused_and_store_nothing(
    store: Store, overrides: dict[str, Any], error: type[Exception], says: str
) -> None:
    await import_graph(store, HIRING)
    before = await export_graph(store)
    with pytest.raises(error, match=says):
        await interview(store, **overrides)
    assert await export_graph(store) == before


async def test_a_future_interview_may_be_pending(store: Store) -> None:
    await import_graph(store, HIRING)
    pending, _ = await interview(store, day=date(2026, 12, 1), outcome=InterviewOutcome.PENDING)
    with pytest.raises(BadUserInput, match="future"):
        await interviews.update_interview_outcome(
            store, interview_id=pending.id, outcome="ADVANCED", today=TODAY
        )


async def test_same_key_same_input_replays_and_other_input_conflicts(store: Store) -> None:
    await import_graph(store, HIRING)
    first, created = await interview(store, key="iv-key-1")
    again, created_again = await interview(store, key="iv-key-1")
    assert (created, created_again) == (True, False)
    assert again == first
    with pytest.raises(Conflict):
        await interview(store, key="iv-key-1", role_title="Platform engineer")
    (held,) = await store.interviews_of(["cy"])
    assert len(held) == 1


async def test_the_ladder_tells_how_far_a_candidate_got(store: Store) -> None:
    await import_graph(store, HIRING)
    await interview(store)
    await interview(store, interviewer_id="hal", stage=InterviewStage.HIRING_MANAGER, day=date(2026, 3, 9))
    await interview(
        store,
        company_id="acme",
        interviewer_id="bo",
        day=date(2026, 4, 1),
        outcome=InterviewOutcome.WITHDRAWN,
    )
    hired, _ = await interview(
        store, interviewer_id="eve", stage=InterviewStage.SENIOR_MANAGEMENT, day=date(2026, 3, 20),
        outcome=InterviewOutcome.OFFER,
    )  # fmt: skip
    await interviews.update_interview_outcome(
        store, interview_id=hired.id, outcome="HIRED", hired_role_title="Head of Reliability", today=TODAY
    )
    ladders = {ladder.company_id: ladder for ladder in await interviews.interview_ladder(store, "cy")}
    globex, acme = ladders["globex"], ladders["acme"]
    assert [i.stage for i in globex.interviews] == [
        InterviewStage.HR_SCREEN, InterviewStage.HIRING_MANAGER, InterviewStage.SENIOR_MANAGEMENT,
    ]  # fmt: skip
    assert globex.furthest_stage is InterviewStage.SENIOR_MANAGEMENT
    assert (globex.most_senior_interviewer_id, globex.most_senior_met) == ("eve", Seniority.VP)
    assert globex.state is interviews.ProcessState.HIRED
    assert globex.hired_for_different_role and globex.hired_role_title == "Head of Reliability"
    assert acme.withdrew_after_first_stage
    assert not globex.withdrew_after_first_stage
    rung = await interviews.next_rung(store, globex)
    assert rung is not None and rung.target_id == "gus"
    assert await interviews.next_rung(store, acme) is not None


async def referral(store: Store, **overrides: Any) -> tuple[Any, bool]:
    given: dict[str, Any] = {
        "referrer_id": "ada",
        "candidate_id": "cy",
        "company_id": "globex",
        "contact_id": "hal",
        "role_title": "SRE",
        "at": datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
    } | overrides
    return await referrals.log_referral(store, **given)


async def test_a_referral_moves_through_its_states_and_keeps_its_history(store: Store) -> None:
    await import_graph(store, HIRING)
    made, _ = await referral(store, note="Strong SRE")
    assert made.cross_firm and made.status is ReferralStatus.MADE
    introduced = await referrals.update_referral_status(
        store, referral_id=made.id, status="INTRODUCED", note="Emailed Hal"
    )
    assert introduced.reached(frozenset({ReferralStatus.INTRODUCED}))
    tie = await tie_between(store, "cy", "hal")
    assert tie is not None and tie.context is TieContext.REFERRAL
    with pytest.raises(InvalidTransition, match="cannot go from INTRODUCED to HIRED"):
        await referrals.update_referral_status(store, referral_id=made.id, status="HIRED")
    for status in ("INTERVIEWING", "OFFERED", "HIRED"):
        await referrals.update_referral_status(store, referral_id=made.id, status=status)
    with pytest.raises(InvalidTransition, match="HIRED is final"):
        await referrals.update_referral_status(store, referral_id=made.id, status="WITHDRAWN")
    stored = await referrals.get_referral(store, made.id)
    assert [c.status.value for c in stored.history] == [
        "MADE",
        "INTRODUCED",
        "INTERVIEWING",
        "OFFERED",
        "HIRED",
    ]
    assert stored.history[1].note == "Emailed Hal"


async def test_any_open_referral_can_be_declined_or_withdrawn(store: Store) -> None:
    await import_graph(store, HIRING)
    one, _ = await referral(store)
    two, _ = await referral(store, company_id="acme", contact_id=None)
    await referrals.update_referral_status(store, referral_id=one.id, status="DECLINED")
    await referrals.update_referral_status(store, referral_id=two.id, status="INTRODUCED")
    assert (
        await referrals.update_referral_status(store, referral_id=two.id, status="WITHDRAWN")
    ).status is ReferralStatus.WITHDRAWN
    assert not two.cross_firm


@pytest.mark.parametrize(
    ("overrides", "error", "says"),
    [
        ({"candidate_id": "ada"}, BadUserInput, "refer themselves"),
        ({"contact_id": "cy"}, BadUserInput, "contact cannot be the candidate"),
        ({"contact_id": "bo"}, BadUserInput, "does not work at 'globex'"),
        ({"company_id": "initech"}, NotFound, "initech"),
        ({"referrer_id": "zed"}, NotFound, "zed"),
    ],
)
async def test_bad_referrals_are_refused_and_store_nothing(
    store: Store, overrides: dict[str, Any], error: type[Exception], says: str
) -> None:
    await import_graph(store, HIRING)
    with pytest.raises(error, match=says):
        await referral(store, **overrides)
    assert await store.count_referrals(ReferralFilter()) == 0


async def test_interviews_after_a_referral_are_credited_to_it(store: Store) -> None:
    await import_graph(store, HIRING)
    made, _ = await referral(store)
    await interview(store, day=date(2026, 2, 20))
    after, _ = await interview(
        store, interviewer_id="hal", stage=InterviewStage.HIRING_MANAGER, day=date(2026, 3, 5)
    )
    await interviews.update_interview_outcome(store, interview_id=after.id, outcome="HIRED", today=TODAY)
    credit = await referrals.credit(store, made)
    assert [i.id for i in credit.interviews] == [after.id]
    assert credit.hired


async def test_referral_chain_and_leaderboard(store: Store) -> None:
    await import_graph(store, HIRING)
    first, _ = await referral(store)
    await referral(
        store, referrer_id="gus", company_id="acme", contact_id="ada", at=datetime(2026, 5, 1, tzinfo=UTC)
    )
    await referral(store, referrer_id="gus", candidate_id="di", company_id="acme", contact_id=None)
    await referrals.update_referral_status(store, referral_id=first.id, status="INTRODUCED")
    chain = await referrals.referral_chain(store, "cy")
    assert [(link.from_company_id, link.to_company_id) for link in chain] == [
        (None, "globex"),
        (None, "acme"),
    ]
    by_referrals = await referrals.referrer_leaderboard(store, order=referrals.LeaderboardOrder.REFERRALS)
    assert [(r.referrer_id, r.referrals, r.cross_firm) for r in by_referrals] == [
        ("gus", 2, 2),
        ("ada", 1, 1),
    ]
    by_introductions = await referrals.referrer_leaderboard(
        store, order=referrals.LeaderboardOrder.INTRODUCTIONS
    )
    assert [r.referrer_id for r in by_introductions] == ["ada", "gus"]
    executives = await referrals.referrer_leaderboard(store, min_seniority=Seniority.EXECUTIVE)
    assert [r.referrer_id for r in executives] == ["gus"]


async def test_referrals_page_and_filter(store: Store) -> None:
    await import_graph(store, HIRING)
    for company in ("globex", "acme", "globex"):
        await referral(store, company_id=company, contact_id=None)
    page, has_next, _ = await referrals.list_referrals(
        store, first=2, after=None, where=ReferralFilter(company_id="globex")
    )
    assert len(page) == 2 and not has_next
    assert await store.count_referrals(ReferralFilter(cross_firm=False)) == 1


async def test_a_hundred_concurrent_writes_with_one_key_leave_one_referral(store: Store) -> None:
    await import_graph(store, HIRING)
    results = await asyncio.gather(*(referral(store, key="one-key") for _ in range(100)))
    assert len({r.id for r, _ in results}) == 1
    assert sum(1 for _, created in results if created) == 1
    assert await store.count_referrals(ReferralFilter()) == 1


async def test_concurrent_distinct_writers_lose_and_duplicate_nothing(store: Store) -> None:
    await import_graph(store, HIRING)
    referral_writes = [referral(store, key=f"ref-{i}", note=f"n{i}") for i in range(40)]
    interview_writes = [interview(store, key=f"iv-{i}", day=date(2026, 1, 1 + i % 28)) for i in range(40)]
    await asyncio.gather(*referral_writes, *interview_writes)
    assert await store.count_referrals(ReferralFilter()) == 40
    (held,) = await store.interviews_of(["cy"])
    assert len(held) == 40
    notes = sorted(r.note for r in await store.find_referrals(ReferralFilter()))
    assert notes == sorted(f"n{i}" for i in range(40))


async def test_interviews_and_referrals_round_trip_through_export(store: Store) -> None:
    await import_graph(store, HIRING)
    made, _ = await referral(store, key="k1")
    await referrals.update_referral_status(store, referral_id=made.id, status="INTRODUCED", note="hello")
    await interview(store, key="k2")
    exported = await export_graph(store)
    assert len(exported["interviews"]) == 1 and len(exported["referrals"]) == 1
    await import_graph(store, exported)
    assert await export_graph(store) == exported
    replay, created = await referral(store, key="k1")
    assert not created and replay.id == made.id


async def test_concurrent_status_changes_apply_once(store: Store) -> None:
    await import_graph(store, HIRING)
    made, _ = await referral(store)
    outcomes = await asyncio.gather(
        *(
            referrals.update_referral_status(store, referral_id=made.id, status="INTRODUCED")
            for _ in range(20)
        ),
        return_exceptions=True,
    )
    won = [o for o in outcomes if not isinstance(o, Exception)]
    lost = [o for o in outcomes if isinstance(o, Exception)]
    assert len(won) == 1
    assert all(isinstance(o, (InvalidTransition, Conflict)) for o in lost)
    stored = await referrals.get_referral(store, made.id)
    assert [c.status for c in stored.history] == [ReferralStatus.MADE, ReferralStatus.INTRODUCED]


async def test_concurrent_interviews_warm_the_tie_once_each(store: Store) -> None:
    await import_graph(store, HIRING)
    await asyncio.gather(
        *(
            interview(
                store,
                interviewer_id="hal",
                stage=InterviewStage.HIRING_MANAGER,
                key=f"warm-{i}",
                day=date(2026, 3, 9),
            )
            for i in range(10)
        )
    )
    await interview(store, interviewer_id="hal", candidate_id="di", key="fresh", day=date(2026, 3, 9))
    expected = (await tie_between(store, "di", "hal")).strength
    for _ in range(9):
        expected = warmed(expected)
    assert (await tie_between(store, "cy", "hal")).strength == expected


async def test_bad_interview_and_referral_rows_are_reported_and_change_nothing(store: Store) -> None:
    from graph_service.domain.errors import InvalidDocument

    await import_graph(store, HIRING)
    before = await export_graph(store)
    row = {"id": "iv1", "candidateId": "cy", "companyId": "globex", "interviewerId": "hal",
           "stage": "HIRING_MANAGER", "date": "2026-03-09", "outcome": "ADVANCED"}  # fmt: skip
    ref = {"id": "r1", "referrerId": "ada", "candidateId": "cy", "companyId": "globex",
           "status": "MADE", "createdAt": "2026-03-01T09:00:00Z"}  # fmt: skip
    document = {
        "interviews": [
            row,
            {**row, "id": "iv2", "interviewerId": "cy"},
            {**row, "id": "iv3", "date": "2099-01-01"},
            {**row, "id": "iv4", "hiredRoleTitle": "CTO"},
            {**row, "id": "iv5", "interviewerId": "ada"},
        ],
        "referrals": [ref, {**ref, "id": "r2", "referrerId": "cy"}, {**ref, "id": "r3", "contactId": "cy"}],
    }
    with pytest.raises(InvalidDocument) as raised:
        await import_graph(store, document, today=TODAY)
    reasons = {p.position: p.reason for p in raised.value.problems}
    assert "themselves" in reasons["interviews[1]"]
    assert "in the future" in reasons["interviews[2]"]
    assert "only goes with outcome HIRED" in reasons["interviews[3]"]
    assert "did not work at 'globex'" in reasons["interviews[4]"]
    assert "refer themselves" in reasons["referrals[1]"]
    assert "contact cannot be the candidate" in reasons["referrals[2]"]
    assert set(reasons) == {
        "interviews[1]",
        "interviews[2]",
        "interviews[3]",
        "interviews[4]",
        "referrals[1]",
        "referrals[2]",
    }
    assert await export_graph(store) == before
