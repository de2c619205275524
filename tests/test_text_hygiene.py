"""Every name, title and note a write takes refuses control and bidi-override characters, on both
stores, and the refused write leaves nothing behind."""

from __future__ import annotations

from typing import Any

import pytest

from tests.graphql_client import GraphQLClient
from tests.sample_data import HIRING

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people } }"
UNSAFE = "Lead\u202eReversed"

WRITES = {
    "createCompany.name": ("mutation($t: String!) { createCompany(input: {name: $t}) { id } }", "name"),
    "updatePerson.name": (
        'mutation($t: String!) { updatePerson(input: {id: "ada", name: $t}) { id } }',
        "name",
    ),
    "updatePerson.headline": (
        'mutation($t: String!) { updatePerson(input: {id: "ada", headline: $t}) { id } }',
        "headline",
    ),
    "addEmployment.title": (
        """mutation($t: String!) { addEmployment(input: {personId: "cy", companyId: "acme", title: $t,
             startDate: "2024-01-01"}) { title } }""",
        "title",
    ),
    "logInterview.roleTitle": (
        """mutation($t: String!) { logInterview(input: {candidateId: "cy", companyId: "globex",
             interviewerId: "hal", stage: HR_SCREEN, date: "2025-02-01", outcome: PENDING, roleTitle: $t})
             { replayed } }""",
        "roleTitle",
    ),
    "logReferral.note": (
        """mutation($t: String!) { logReferral(input: {referrerId: "gus", candidateId: "cy", companyId: "globex",
             note: $t}) { replayed } }""",
        "note",
    ),
    "logReferral.roleTitle": (
        """mutation($t: String!) { logReferral(input: {referrerId: "gus", candidateId: "cy", companyId: "globex",
             roleTitle: $t}) { replayed } }""",
        "roleTitle",
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("text", [UNSAFE, "Lead\x00Nul"], ids=["RLO", "NUL"])
async def test_a_write_refuses_an_unsafe_character_and_changes_nothing(
    client: GraphQLClient, write: str, text: str
) -> None:
    await client.data(IMPORT, {"d": HIRING})
    before = await client.data(SNAPSHOT)
    query, field = WRITES[write]
    error: Any = await client.error(query, {"t": text})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert await client.data(SNAPSHOT) == before


async def test_a_status_note_and_a_hired_role_title_refuse_unsafe_characters(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": HIRING})
    referral: Any = await client.data(
        'mutation { logReferral(input: {referrerId: "gus", candidateId: "cy", companyId: "globex"}) { referral { id } } }'
    )
    interview: Any = await client.data(
        """mutation { logInterview(input: {candidateId: "cy", companyId: "globex", interviewerId: "hal",
             stage: HR_SCREEN, date: "2025-02-01", outcome: PENDING}) { interview { id } } }"""
    )
    before = await client.data(SNAPSHOT)
    status: Any = await client.error(
        "mutation($id: ID!, $t: String!) { updateReferralStatus(input: {id: $id, status: INTRODUCED, note: $t}) { status } }",
        {"id": referral["logReferral"]["referral"]["id"], "t": UNSAFE},
    )
    hired: Any = await client.error(
        """mutation($id: ID!, $t: String!) { updateInterviewOutcome(input: {id: $id, outcome: HIRED,
             hiredRoleTitle: $t}) { outcome } }""",
        {"id": interview["logInterview"]["interview"]["id"], "t": UNSAFE},
    )
    assert (status["extensions"]["code"], hired["extensions"]["code"]) == ("BAD_USER_INPUT", "BAD_USER_INPUT")
    assert await client.data(SNAPSHOT) == before


SNAPSHOT = """{
  people(first: 100) { edges { node { id name headline employments { title } } } }
  companies(first: 100) { edges { node { id name } } }
  referrals(first: 100) { edges { node { id status note roleTitle } } }
  interviewLadder(candidateId: "cy") { interviews { id outcome roleTitle hiredRoleTitle } }
}"""
