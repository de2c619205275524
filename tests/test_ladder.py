"""The ladder counts only held interviews; nextRung is the next rung up and summit the top, on
both stores.

At globex (the small document, with a manager, a VP and an HR director):
    di ENTRY HR, hr DIRECTOR HR, hal MANAGER ENGINEERING, eve VP PRODUCT, gus EXECUTIVE OTHER
    cy -0.3- di    cy -0.9- hr    hal -0.9- eve    cy -0.6- bo -0.8- ada -0.4- gus
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from graph_service.domain.errors import BadUserInput, InvalidTransition, NotFound
from graph_service.domain.hiring import InterviewOutcome, InterviewStage
from graph_service.domain.model import Seniority
from graph_service.domain.strength import warmed
from graph_service.services import interviews
from graph_service.services.graph_import import import_graph
from graph_service.store.protocol import Store
from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

TODAY = date(2026, 11, 26)
LADDER: dict[str, Any] = copy.deepcopy(SMALL_DOCUMENT)
LADDER["people"] += [
    {"id": "hal", "name": "Hal Berg", "headline": "Engineering manager"},
    {"id": "eve", "name": "Eve Marsh", "headline": "VP Product"},
    {"id": "hr", "name": "Harriet Ross", "headline": "Head of People"},
]
LADDER["employments"] += [
    {"personId": "hal", "companyId": "globex", "title": "Engineering Manager", "seniority": "MANAGER",
     "function": "ENGINEERING", "startDate": "2021-01-01", "endDate": None},
    {"personId": "eve", "companyId": "globex", "title": "VP Product", "seniority": "VP",
     "function": "PRODUCT", "startDate": "2020-01-01", "endDate": None},
    {"personId": "hr", "companyId": "globex", "title": "Director of People", "seniority": "DIRECTOR",
     "function": "HR", "startDate": "2019-01-01", "endDate": None},
]  # fmt: skip
LADDER["ties"] += [
    {"a": "hal", "b": "eve", "strength": 0.9, "context": "COLLEAGUE"},
    {"a": "cy", "b": "hr", "strength": 0.9, "context": "FRIEND"},
]


async def interview(store: Store, **overrides: Any) -> tuple[Any, bool]:
    given: dict[str, Any] = {
        "candidate_id": "cy",
        "company_id": "globex",
        "interviewer_id": "di",
        "stage": InterviewStage.HR_SCREEN,
        "day": date(2026, 3, 2),
        "outcome": InterviewOutcome.ADVANCED,
        "today": TODAY,
    } | overrides
    return await interviews.log_interview(store, **given)


async def tie_between(store: Store, a: str, b: str) -> Any:
    (ties,) = await store.ties_of([a])
    return next((t for t in ties if t.other(a) == b), None)


async def globex_ladder(store: Store) -> interviews.CompanyLadder:
    ladders = await interviews.interview_ladder(store, "cy")
    return next(ladder for ladder in ladders if ladder.company_id == "globex")


async def test_a_pending_interview_warms_no_tie_and_counts_for_nothing(store: Store) -> None:
    await import_graph(store, LADDER)
    await interview(
        store, interviewer_id="hal", stage=InterviewStage.HIRING_MANAGER, day=date(2026, 12, 10),
        outcome=InterviewOutcome.PENDING,
    )  # fmt: skip
    assert await tie_between(store, "cy", "hal") is None
    ladder = await globex_ladder(store)
    assert len(ladder.interviews) == 1
    assert (ladder.furthest_stage, ladder.most_senior_met, ladder.most_senior_interviewer_id) == (
        None,
        None,
        None,
    )
    assert ladder.state is interviews.ProcessState.IN_PROGRESS
    # Nobody met: the next rung is the lowest reachable level from MANAGER up; hal is not reachable
    # (the interview has not happened), hr is in HR, eve only through hal: so gus.
    rung = await interviews.next_rung(store, ladder)
    assert rung is not None and rung.target_id == "gus"


async def test_a_pending_interview_that_gets_an_outcome_warms_the_tie_as_of_its_day(store: Store) -> None:
    await import_graph(store, LADDER)
    before = await tie_between(store, "cy", "di")
    pending, _ = await interview(store, outcome=InterviewOutcome.PENDING, day=date(2026, 3, 2))
    assert await tie_between(store, "cy", "di") == before
    await interviews.update_interview_outcome(store, interview_id=pending.id, outcome="ADVANCED", today=TODAY)
    after = await tie_between(store, "cy", "di")
    assert after.strength == warmed(before.strength)
    assert after.last_interaction == date(2026, 3, 2)
    # A change between held outcomes warms nothing more.
    await interviews.update_interview_outcome(store, interview_id=pending.id, outcome="OFFER", today=TODAY)
    assert await tie_between(store, "cy", "di") == after

    with_hal, _ = await interview(
        store, interviewer_id="hal", stage=InterviewStage.HIRING_MANAGER, day=date(2026, 3, 9),
        outcome=InterviewOutcome.PENDING,
    )  # fmt: skip
    await interviews.update_interview_outcome(
        store, interview_id=with_hal.id, outcome="REJECTED", today=TODAY
    )
    created = await tie_between(store, "cy", "hal")
    assert created is not None and created.since == date(2026, 3, 9) == created.last_interaction
    ladder = await globex_ladder(store)
    assert ladder.furthest_stage is InterviewStage.HIRING_MANAGER
    assert (ladder.most_senior_interviewer_id, ladder.most_senior_met) == ("hal", Seniority.MANAGER)


async def test_a_held_interview_cannot_go_back_to_pending(store: Store) -> None:
    await import_graph(store, LADDER)
    held, _ = await interview(store)
    tie = await tie_between(store, "cy", "di")
    with pytest.raises(InvalidTransition, match="cannot go back to PENDING"):
        await interviews.update_interview_outcome(store, interview_id=held.id, outcome="PENDING", today=TODAY)
    assert await store.get_interviews([held.id]) == [held]
    assert await tie_between(store, "cy", "di") == tie


async def test_only_a_pending_interview_can_be_rescheduled(store: Store) -> None:
    await import_graph(store, LADDER)
    pending, _ = await interview(store, outcome=InterviewOutcome.PENDING, day=date(2026, 12, 1))
    moved = await interviews.reschedule_interview(store, interview_id=pending.id, day="2026-12-08")
    assert moved.date == date(2026, 12, 8)
    assert await store.get_interviews([pending.id]) == [moved]
    with pytest.raises(BadUserInput, match="did not work at 'globex'"):
        await interviews.reschedule_interview(store, interview_id=pending.id, day=date(2021, 1, 1))
    with pytest.raises(NotFound):
        await interviews.reschedule_interview(store, interview_id="iv_nope", day=date(2026, 12, 9))
    held, _ = await interview(store, day=date(2026, 3, 2))
    with pytest.raises(InvalidTransition, match="only a pending one"):
        await interviews.reschedule_interview(store, interview_id=held.id, day=date(2026, 3, 3))
    assert await store.get_interviews([held.id]) == [held]


async def test_next_rung_is_the_lowest_reachable_level_above_anyone_met(store: Store) -> None:
    await import_graph(store, LADDER)
    await interview(store, interviewer_id="hal", stage=InterviewStage.HIRING_MANAGER, day=date(2026, 3, 9))
    ladder = await globex_ladder(store)
    # Met a MANAGER: hr (DIRECTOR, one warm hop) is HR; eve (VP) is two hops away through hal.
    rung = await interviews.next_rung(store, ladder)
    assert rung is not None and rung.people == ("cy", "hal", "eve")
    summit = await interviews.summit(store, ladder)
    assert summit is not None and summit.people == ("cy", "bo", "ada", "gus")
    assert await interviews.next_rung(store, ladder, max_hops=1) is None
    near = await interviews.summit(store, ladder, max_hops=1)
    assert near is not None and near.target_id == "hal"

    await interview(store, interviewer_id="gus", stage=InterviewStage.EXECUTIVE, day=date(2026, 3, 20))
    top = await globex_ladder(store)
    assert top.most_senior_met is Seniority.EXECUTIVE
    assert await interviews.next_rung(store, top) is None


LADDER_QUERY = """query($id: ID!) { interviewLadder(candidateId: $id) {
  company { id } furthestStage mostSeniorMet
  nextRung { target { person { id } } people { id } }
  summit { target { person { id } seniority } hops } } }"""
LOG = """mutation($input: LogInterviewInput!) { logInterview(input: $input) { interview { id } } }"""
OUTCOME = """mutation($id: ID!, $outcome: InterviewOutcome!) {
  updateInterviewOutcome(input: {id: $id, outcome: $outcome}) { outcome } }"""
RESCHEDULE = (
    "mutation($id: ID!, $date: Date!) { rescheduleInterview(id: $id, date: $date) { id date outcome } }"
)


async def test_the_ladder_over_http_shows_next_rung_and_summit(client: GraphQLClient) -> None:
    await client.data("mutation($d: JSON!) { importGraph(document: $d) { people } }", {"d": LADDER})
    scheduled = {"candidateId": "cy", "companyId": "globex", "interviewerId": "hal", "stage": "HIRING_MANAGER",
                 "date": "2099-05-01", "outcome": "PENDING"}  # fmt: skip
    logged: Any = await client.data(LOG, {"input": scheduled})
    interview_id = logged["logInterview"]["interview"]["id"]
    moved: Any = await client.data(RESCHEDULE, {"id": interview_id, "date": "2026-03-09"})
    assert moved["rescheduleInterview"] == {"id": interview_id, "date": "2026-03-09", "outcome": "PENDING"}
    (pending,) = (await client.data(LADDER_QUERY, {"id": "cy"}))["interviewLadder"]  # type: ignore[index]
    assert (pending["furthestStage"], pending["mostSeniorMet"]) == (None, None)
    assert pending["nextRung"]["target"]["person"]["id"] == "gus"
    await client.data(OUTCOME, {"id": interview_id, "outcome": "ADVANCED"})
    (held,) = (await client.data(LADDER_QUERY, {"id": "cy"}))["interviewLadder"]  # type: ignore[index]
    assert (held["furthestStage"], held["mostSeniorMet"]) == ("HIRING_MANAGER", "MANAGER")
    assert [p["id"] for p in held["nextRung"]["people"]] == ["cy", "hal", "eve"]
    assert held["summit"] == {"target": {"person": {"id": "gus"}, "seniority": "EXECUTIVE"}, "hops": 3}

    back: Any = await client.error(OUTCOME, {"id": interview_id, "outcome": "PENDING"})
    assert back["extensions"]["code"] == "INVALID_TRANSITION"
    again: Any = await client.error(RESCHEDULE, {"id": interview_id, "date": "2026-03-10"})
    assert again["extensions"]["code"] == "INVALID_TRANSITION"
    missing: Any = await client.error(RESCHEDULE, {"id": "iv_missing", "date": "2026-03-10"})
    assert missing["extensions"]["code"] == "NOT_FOUND"
