"""Referrals logged after the fact (`at`), no referral to the candidate's own employer, and a
crossFirm that is always computed, on both stores."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from graph_service.domain.errors import BadUserInput, InvalidDocument
from graph_service.domain.hiring import InterviewOutcome, InterviewStage, ReferralFilter
from graph_service.services import interviews, referrals
from graph_service.services.graph_import import export_graph, import_graph
from graph_service.store.protocol import Store
from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

TODAY = date(2026, 11, 26)
MARCH = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
DOCUMENT: dict[str, Any] = copy.deepcopy(SMALL_DOCUMENT)
DOCUMENT["people"].append({"id": "hal", "name": "Hal Berg"})
DOCUMENT["employments"].append(
    {"personId": "hal", "companyId": "globex", "title": "Engineering Manager", "seniority": "MANAGER",
     "function": "ENGINEERING", "startDate": "2021-01-01", "endDate": None}
)  # fmt: skip


async def refer(store: Store, **overrides: Any) -> Any:
    given: dict[str, Any] = {
        "referrer_id": "ada",
        "candidate_id": "cy",
        "company_id": "globex",
        "contact_id": "hal",
    } | overrides
    made, _ = await referrals.log_referral(store, **given)
    return made


async def test_a_referral_logged_after_the_fact_is_credited_from_its_time(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    made = await refer(store, at=MARCH)
    assert made.created_at == MARCH and made.history[0].at == MARCH
    stored = await referrals.get_referral(store, made.id)
    assert stored.created_at == MARCH
    for day in (date(2026, 3, 9), date(2026, 3, 10)):
        await interviews.log_interview(
            store, candidate_id="cy", company_id="globex", interviewer_id="hal",
            stage=InterviewStage.HIRING_MANAGER, day=day, outcome=InterviewOutcome.ADVANCED, today=TODAY,
        )  # fmt: skip
    credit = await referrals.credit(store, stored)
    assert [i.date for i in credit.interviews] == [date(2026, 3, 10)]


async def test_status_changes_carry_their_time_and_keep_it_in_order(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    made = await refer(store, at=MARCH)
    introduced_at = MARCH + timedelta(days=2)
    introduced = await referrals.update_referral_status(
        store, referral_id=made.id, status="INTRODUCED", at=introduced_at
    )
    assert [(c.status.value, c.at) for c in introduced.history] == [
        ("MADE", MARCH),
        ("INTRODUCED", introduced_at),
    ]
    with pytest.raises(BadUserInput, match="before the referral's last change") as error:
        await referrals.update_referral_status(
            store, referral_id=made.id, status="INTERVIEWING", at=MARCH + timedelta(days=1)
        )
    assert error.value.field == "at"
    with pytest.raises(BadUserInput, match="in the future"):
        await referrals.update_referral_status(
            store, referral_id=made.id, status="INTERVIEWING", at=datetime.now(UTC) + timedelta(days=1)
        )
    assert (await referrals.get_referral(store, made.id)).history == introduced.history
    # The same moment as the previous event is fine.
    same = await referrals.update_referral_status(
        store, referral_id=made.id, status="INTERVIEWING", at=introduced_at
    )
    assert same.history[-1].at == introduced_at


async def test_a_referral_cannot_be_logged_in_the_future(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    with pytest.raises(BadUserInput, match="in the future") as error:
        await refer(store, at=datetime.now(UTC) + timedelta(hours=1))
    assert error.value.field == "at"
    assert await store.count_referrals(ReferralFilter()) == 0


async def test_a_referral_to_the_candidates_current_employer_is_refused(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    with pytest.raises(BadUserInput, match="the candidate works at 'acme'") as error:
        await refer(store, candidate_id="bo", company_id="acme", contact_id="ada", referrer_id="gus")
    assert error.value.field == "companyId"
    # ada left globex in 2018: referring her there is fine.
    back = await refer(store, candidate_id="ada", referrer_id="gus", contact_id="hal")
    assert back.company_id == "globex"
    assert await store.count_referrals(ReferralFilter()) == 1


async def test_cross_firm_is_computed_on_import_whatever_the_row_says(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    inside = await refer(store, referrer_id="gus", at=MARCH)
    outside = await refer(store, at=MARCH)
    assert (inside.cross_firm, outside.cross_firm) == (False, True)
    exported = await export_graph(store)
    for row in exported["referrals"]:
        row["crossFirm"] = not row["crossFirm"]
    await import_graph(store, exported)
    stored = {r.id: r.cross_firm for r in await store.find_referrals(ReferralFilter())}
    assert stored == {inside.id: False, outside.id: True}


async def test_an_imported_referral_to_the_candidates_employer_is_a_bad_row(store: Store) -> None:
    await import_graph(store, DOCUMENT)
    row = {"id": "r1", "referrerId": "gus", "candidateId": "bo", "companyId": "acme", "status": "MADE",
           "createdAt": "2026-03-10T09:00:00Z"}  # fmt: skip
    with pytest.raises(InvalidDocument) as error:
        await import_graph(store, {"referrals": [row]})
    assert [(p.position, "works at 'acme'" in p.reason) for p in error.value.problems] == [
        ("referrals[0]", True)
    ]


LOG = """mutation($input: LogReferralInput!) { logReferral(input: $input) {
  referral { id createdAt crossFirm history { status at } } } }"""
UPDATE = """mutation($input: UpdateReferralStatusInput!) { updateReferralStatus(input: $input) {
  status history { status at } } }"""


async def test_referral_times_over_http(client: GraphQLClient) -> None:
    await client.data("mutation($d: JSON!) { importGraph(document: $d) { people } }", {"d": DOCUMENT})
    given = {
        "referrerId": "ada",
        "candidateId": "cy",
        "companyId": "globex",
        "at": "2026-03-10T10:00:00+01:00",
    }
    logged: Any = await client.data(LOG, {"input": given})
    made = logged["logReferral"]["referral"]
    assert made["createdAt"] == "2026-03-10T09:00:00+00:00"
    assert made["history"] == [{"status": "MADE", "at": "2026-03-10T09:00:00+00:00"}]
    assert made["crossFirm"] is True
    changed: Any = await client.data(
        UPDATE, {"input": {"id": made["id"], "status": "INTRODUCED", "at": "2026-03-11T09:00:00Z"}}
    )
    assert changed["updateReferralStatus"]["history"][-1] == {
        "status": "INTRODUCED",
        "at": "2026-03-11T09:00:00+00:00",
    }
    early: Any = await client.error(
        UPDATE, {"input": {"id": made["id"], "status": "INTERVIEWING", "at": "2026-03-10T08:00:00Z"}}
    )
    assert early["extensions"]["code"] == "BAD_USER_INPUT"
    own: Any = await client.error(
        LOG, {"input": {"referrerId": "gus", "candidateId": "bo", "companyId": "acme"}}
    )
    assert own["extensions"]["code"] == "BAD_USER_INPUT"
