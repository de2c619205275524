"""Interviews and referrals over HTTP, on both stores: codes a client sees."""

from __future__ import annotations

from typing import Any

import pytest

from tests.graphql_client import GraphQLClient
from tests.sample_data import HIRING

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people } }"
LOG_INTERVIEW = """mutation($input: LogInterviewInput!) { logInterview(input: $input) {
  replayed interview { id stage date outcome candidate { id } interviewer { id } company { id } } } }"""
LOG_REFERRAL = """mutation($input: LogReferralInput!) { logReferral(input: $input) {
  replayed referral { id status crossFirm allowedNext referrer { id } contact { id } history { status note } } } }"""
UPDATE_STATUS = """mutation($input: UpdateReferralStatusInput!) { updateReferralStatus(input: $input) {
  status history { status note } } }"""

INTERVIEW = {"candidateId": "cy", "companyId": "globex", "interviewerId": "hal", "stage": "HIRING_MANAGER",
             "date": "2024-03-09", "outcome": "ADVANCED", "roleTitle": "SRE"}  # fmt: skip
REFERRAL = {
    "referrerId": "ada",
    "candidateId": "cy",
    "companyId": "globex",
    "contactId": "hal",
    "note": "Strong SRE",
}


async def test_log_interview_and_replay_it_by_key(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": HIRING})
    first: Any = await client.data(LOG_INTERVIEW, {"input": {**INTERVIEW, "idempotencyKey": "k"}})
    again: Any = await client.data(LOG_INTERVIEW, {"input": {**INTERVIEW, "idempotencyKey": "k"}})
    assert first["logInterview"]["replayed"] is False
    assert again["logInterview"] == {**first["logInterview"], "replayed": True}
    error: Any = await client.error(
        LOG_INTERVIEW, {"input": {**INTERVIEW, "idempotencyKey": "k", "stage": "EXECUTIVE"}}
    )
    assert error["extensions"]["code"] == "CONFLICT"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"date": "2026-13-01"}, "BAD_USER_INPUT"),
        ({"date": "2099-01-01"}, "BAD_USER_INPUT"),
        ({"stage": "LUNCH"}, "BAD_USER_INPUT"),
        ({"interviewerId": "bo"}, "BAD_USER_INPUT"),
        ({"candidateId": "nobody"}, "NOT_FOUND"),
    ],
)
async def test_bad_interviews_get_coded_errors(
    client: GraphQLClient, change: dict[str, str], code: str
) -> None:
    await client.data(IMPORT, {"d": HIRING})
    error: Any = await client.error(LOG_INTERVIEW, {"input": {**INTERVIEW, **change}})
    assert error["extensions"]["code"] == code


async def test_referral_lifecycle_over_http(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": HIRING})
    made: Any = (await client.data(LOG_REFERRAL, {"input": REFERRAL}))["logReferral"]["referral"]
    assert made["status"] == "MADE" and made["crossFirm"] is True
    assert made["allowedNext"] == ["INTRODUCED", "DECLINED", "WITHDRAWN"]
    error: Any = await client.error(UPDATE_STATUS, {"input": {"id": made["id"], "status": "OFFERED"}})
    assert error["extensions"]["code"] == "INVALID_TRANSITION"
    moved: Any = await client.data(
        UPDATE_STATUS, {"input": {"id": made["id"], "status": "INTRODUCED", "note": "Intro sent"}}
    )
    assert moved["updateReferralStatus"]["history"] == [
        {"status": "MADE", "note": "Strong SRE"},
        {"status": "INTRODUCED", "note": "Intro sent"},
    ]
    ties: Any = await client.data(
        '{ person(id: "cy") { ties { edges { node { context person { id } } } } } }'
    )
    assert {"context": "REFERRAL", "person": {"id": "hal"}} in [
        e["node"] for e in ties["person"]["ties"]["edges"]
    ]
    listed: Any = await client.data(
        '{ referrals(filter: {referrerId: "ada", status: INTRODUCED}) { totalCount edges { node { id } } } }'
    )
    assert listed["referrals"]["totalCount"] == 1
    board: Any = await client.data(
        "{ referrerLeaderboard(orderBy: INTRODUCTIONS) { referrer { id } referrals crossFirmReferrals introductions conversion } }"
    )
    assert board["referrerLeaderboard"] == [
        {
            "referrer": {"id": "ada"},
            "referrals": 1,
            "crossFirmReferrals": 1,
            "introductions": 1,
            "conversion": 0.0,
        }
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"candidateId": "ada"}, "BAD_USER_INPUT"),
        ({"contactId": "bo"}, "BAD_USER_INPUT"),
        ({"contactId": "cy"}, "BAD_USER_INPUT"),
        ({"companyId": "initech"}, "NOT_FOUND"),
    ],
)
async def test_bad_referrals_get_coded_errors(
    client: GraphQLClient, change: dict[str, str], code: str
) -> None:
    await client.data(IMPORT, {"d": HIRING})
    error: Any = await client.error(LOG_REFERRAL, {"input": {**REFERRAL, **change}})
    assert error["extensions"]["code"] == code
    count: Any = await client.data("{ referrals { totalCount } }")
    assert count["referrals"]["totalCount"] == 0


async def test_unknown_referral_and_status(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": HIRING})
    assert (await client.error('{ referral(id: "nope") { id } }'))["extensions"]["code"] == "NOT_FOUND"
    error: Any = await client.error(UPDATE_STATUS, {"input": {"id": "nope", "status": "HIRED"}})
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = await client.error(UPDATE_STATUS, {"input": {"id": "nope", "status": "PROMOTED"}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
