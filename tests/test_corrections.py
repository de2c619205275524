"""Correcting the graph: deletions and merges, on both stores; repeated, they are NOT_FOUND and
change nothing."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from graph_service.domain.corrections import FORMER_CONTACT
from graph_service.domain.errors import BadUserInput, Conflict, NotFound
from graph_service.domain.hiring import InterviewOutcome, InterviewStage, ReferralFilter
from graph_service.domain.model import Company
from graph_service.services import corrections, interviews, people, referrals, watchlist
from graph_service.services.graph_import import export_graph, import_graph
from graph_service.store.memory.store import MemoryStore
from graph_service.store.protocol import Store
from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

TODAY = date(2026, 11, 26)
MARCH = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DOCUMENT: dict[str, Any] = copy.deepcopy(SMALL_DOCUMENT)
DOCUMENT["people"] += [{"id": "hal", "name": "Hal Berg"}, {"id": "cy2", "name": "Cy Okafor"}]
DOCUMENT["employments"] += [
    {"personId": "hal", "companyId": "globex", "title": "Engineering Manager", "seniority": "MANAGER",
     "function": "ENGINEERING", "startDate": "2021-01-01", "endDate": None},
    {"personId": "cy2", "companyId": "acme", "title": "Intern", "seniority": "ENTRY",
     "function": "ENGINEERING", "startDate": "2012-01-01", "endDate": "2012-06-30"},
]  # fmt: skip
DOCUMENT["ties"] += [
    {"a": "bo", "b": "cy2", "strength": 0.9, "context": "FRIEND", "evidence": "Climbing partners"},
    {"a": "cy2", "b": "gus", "strength": 0.5, "context": "OTHER"},
    {"a": "cy", "b": "hal", "strength": 0.5, "context": "OTHER"},
]


async def _interview(store: Store, candidate: str, interviewer: str, company: str = "globex") -> Any:
    logged, _ = await interviews.log_interview(
        store, candidate_id=candidate, company_id=company, interviewer_id=interviewer,
        stage=InterviewStage.HIRING_MANAGER, day=date(2026, 3, 2), outcome=InterviewOutcome.ADVANCED, today=TODAY,
    )  # fmt: skip
    return logged


async def _referral(
    store: Store, referrer: str, candidate: str, contact: str | None = "hal", company: str = "globex"
) -> Any:
    made, _ = await referrals.log_referral(
        store, referrer_id=referrer, candidate_id=candidate, company_id=company, contact_id=contact, at=MARCH
    )
    return made


async def _ties(store: Store, person_id: str) -> dict[str, Any]:
    (ties,) = await store.ties_of([person_id])
    return {tie.other(person_id): tie for tie in ties}


async def test_deleting_a_person_keeps_others_records_whole(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    by_hal = await _interview(store, "cy", "hal")
    through_hal = await _referral(store, "ada", "cy")
    for_hal = await _referral(store, "ada", "hal", contact=None, company="acme")

    await corrections.delete_person(store, "hal")

    with pytest.raises(NotFound):
        await people.get_person(store, "hal")
    assert "hal" not in await _ties(store, "cy")
    assert [e.person_id for e in await store.employees_of("globex", on=None)] == ["di", "gus"]
    (kept_interview,) = await store.get_interviews([by_hal.id])
    assert kept_interview is not None and kept_interview.interviewer_id == FORMER_CONTACT.id
    assert kept_interview.candidate_id == "cy" and kept_interview.stage is InterviewStage.HIRING_MANAGER
    kept, gone = await store.get_referrals([through_hal.id, for_hal.id])
    assert kept is not None and kept.contact_id == FORMER_CONTACT.id and kept.referrer_id == "ada"
    assert gone is None
    ladder = await interviews.interview_ladder(store, "cy")
    assert [(rung.furthest_stage, rung.most_senior_met) for rung in ladder] == [
        (InterviewStage.HIRING_MANAGER, None)
    ]


async def test_deleting_a_candidate_erases_their_interviews_and_referrals(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    await _interview(store, "cy", "hal")
    await _referral(store, "ada", "cy")
    await corrections.delete_person(store, "cy")
    assert await store.interviews_of(["cy"]) == [[]]
    assert await store.count_referrals(ReferralFilter()) == 0
    assert "cy" not in await _ties(store, "bo")


async def test_deleting_again_is_not_found_and_changes_nothing(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    interview = await _interview(store, "cy", "hal")
    referral = await _referral(store, "ada", "cy")
    await corrections.delete_person(store, "di")
    await corrections.delete_tie(store, a_id="bo", b_id="cy")
    await corrections.delete_interview(store, interview.id)
    await corrections.delete_referral(store, referral.id)
    before = await export_graph(store)
    for again in (
        corrections.delete_person(store, "di"),
        corrections.delete_tie(store, a_id="cy", b_id="bo"),
        corrections.delete_interview(store, interview.id),
        corrections.delete_referral(store, referral.id),
        corrections.delete_company(store, "initech"),
        corrections.merge_people(store, keep_id="cy", merge_id="di"),
    ):
        with pytest.raises(NotFound):
            await again
    assert await export_graph(store) == before
    with pytest.raises(BadUserInput):
        await corrections.delete_tie(store, a_id="cy", b_id="cy")
    with pytest.raises(BadUserInput):
        await corrections.merge_people(store, keep_id="cy", merge_id="cy")


async def test_merging_moves_everything_and_keeps_the_stronger_tie(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    interview = await _interview(store, "cy2", "hal")
    referral = await _referral(store, "ada", "cy2")
    old_bo = (await _ties(store, "cy"))["bo"]

    kept = await corrections.merge_people(store, keep_id="cy", merge_id="cy2")

    assert kept.id == "cy" and kept.email == "cy@mail.example"
    with pytest.raises(NotFound):
        await people.get_person(store, "cy2")
    ties = await _ties(store, "cy")
    assert ties["bo"].strength == 0.9 and ties["bo"].context.value == "FRIEND"
    assert old_bo.evidence is None and ties["bo"].evidence == "Climbing partners"
    assert ties["gus"].strength == 0.5
    # cy's own tie to hal (0.5) is stronger than the one cy2's interview made; both evidences stay.
    assert ties["hal"].strength == 0.5 and "interview at Globex" in (ties["hal"].evidence or "")
    (jobs,) = await store.employments_of(["cy"])
    assert [(e.company_id, e.title) for e in jobs] == [("acme", "Intern")]
    (moved_interview,) = await store.get_interviews([interview.id])
    assert moved_interview is not None and moved_interview.candidate_id == "cy"
    (moved_referral,) = await store.get_referrals([referral.id])
    assert moved_referral is not None and moved_referral.candidate_id == "cy"
    with pytest.raises(NotFound):
        await corrections.merge_people(store, keep_id="cy", merge_id="cy2")


async def test_a_company_is_deleted_only_when_nobody_has_or_had_a_position_there(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    with pytest.raises(Conflict, match="has 4 positions"):
        await corrections.delete_company(store, "globex")
    await store.create_company(Company(id="initech", name="Initech"))
    await corrections.delete_company(store, "initech")
    with pytest.raises(NotFound):
        await people.get_company(store, "initech")
    with pytest.raises(NotFound):
        await corrections.delete_company(store, "initech")


async def test_watchlists_follow_merges_and_deletions(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    await store.create_company(Company(id="initech", name="Initech"))
    await watchlist.add_target(store, person_id="cy2", company_id="acme")
    await watchlist.add_target(store, person_id="cy2", company_id="initech")
    await watchlist.add_target(store, person_id="cy", company_id="globex")
    await watchlist.add_target(store, person_id="bo", company_id="initech")

    await corrections.merge_people(store, keep_id="cy", merge_id="cy2")
    assert await store.targets_of(["cy"]) == [["acme", "globex", "initech"]]

    await corrections.delete_company(store, "initech")  # nobody works there; watching is no position
    assert await store.targets_of(["cy", "bo"]) == [["acme", "globex"], []]

    await corrections.delete_person(store, "cy")
    exported = await export_graph(store)
    assert exported.get("targets", []) == []


async def test_a_graph_with_former_contacts_exports_and_imports_the_same(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    await _interview(store, "cy", "hal")
    await _referral(store, "hal", "cy", contact=None)
    await corrections.delete_person(store, "hal")
    exported = await export_graph(store)
    assert exported["interviews"][0]["interviewerId"] == FORMER_CONTACT.id
    await import_graph(store, exported)
    assert await export_graph(store) == exported


async def test_the_memory_store_replays_its_corrections(tmp_path: Path) -> None:
    store = MemoryStore.open(tmp_path)
    await import_graph(store, DOCUMENT)
    await _interview(store, "cy2", "hal")
    await corrections.merge_people(store, keep_id="cy", merge_id="cy2")
    await corrections.delete_person(store, "hal")
    await corrections.delete_tie(store, a_id="ada", b_id="gus")
    before = await export_graph(store)
    await store.close()
    reopened = MemoryStore.open(tmp_path)
    try:
        assert await export_graph(reopened) == before
    finally:
        await reopened.close()


DELETE_PERSON = "mutation($id: ID!) { deletePerson(id: $id) }"
LADDER = 'query { interviewLadder(candidateId: "cy") { interviews { interviewer { id name } } } }'


async def test_corrections_over_http(client: GraphQLClient) -> None:
    await client.data("mutation($d: JSON!) { importGraph(document: $d) { people } }", {"d": DOCUMENT})
    await client.data(
        """mutation { logInterview(input: {candidateId: "cy", companyId: "globex", interviewerId: "hal",
             stage: HIRING_MANAGER, date: "2026-03-02", outcome: ADVANCED}) { interview { id } } }"""
    )
    assert await client.data(DELETE_PERSON, {"id": "hal"}) == {"deletePerson": "hal"}
    again: Any = await client.error(DELETE_PERSON, {"id": "hal"})
    assert again["extensions"]["code"] == "NOT_FOUND"
    data: Any = await client.data(LADDER)
    assert data["interviewLadder"][0]["interviews"] == [
        {"interviewer": {"id": "former-contact", "name": "Former contact"}}
    ]
    merged: Any = await client.data(
        'mutation { mergePeople(keepId: "cy", mergeId: "cy2") { id ties { edges { node { person { id } strength } } } } }'
    )
    ties = [edge["node"] for edge in merged["mergePeople"]["ties"]["edges"]]
    assert {t["person"]["id"]: t["strength"] for t in ties}["bo"] == 0.9
    busy: Any = await client.error('mutation { deleteCompany(id: "acme") }')
    assert busy["extensions"]["code"] == "CONFLICT"
    assert await client.data('mutation { deleteTie(aId: "cy", bId: "bo") }') == {"deleteTie": True}
    reserved: Any = await client.error(
        'mutation { createPerson(input: {id: "former-contact", name: "X"}) { id } }'
    )
    assert reserved["extensions"]["code"] == "BAD_USER_INPUT"
