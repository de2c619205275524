"""A position that starts in the future is not current until its start date, on both stores."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { employments } }"
ADD = """mutation($person: ID!, $start: Date!) { addEmployment(input: {personId: $person, companyId: "acme",
  title: "VP Platform", seniority: VP, function: ENGINEERING, startDate: $start}) { current } }"""
SEEN = """{
  di: person(id: "di") { seniority currentEmployment { title } employments(currentOnly: true) { title }
                          all: employments { title current } }
  acme: company(id: "acme") { employees { edges { node { person { id } } } } }
  atAcme: people(filter: {companyId: "acme", minSeniority: VP}) { edges { node { id } } }
  paths: introductionPaths(fromId: "cy", target: {companyId: "acme"}, first: 10) { target { person { id } } }
  top: mostSeniorReachable(fromId: "cy", companyId: "acme") { target { person { id } } }
  reach(fromId: "cy", maxHops: 1, companyIds: ["acme"]) { watched { decisionMakers } }
}"""


async def _seen_after_di_joins_acme(client: GraphQLClient, start: date) -> Any:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    # Di leaves Globex first: one position at a time keeps the paths simple to read.
    await client.data(
        'mutation { endEmployment(input: {personId: "di", companyId: "globex", endDate: "2024-01-01"}) { title } }'
    )
    added: Any = await client.data(ADD, {"person": "di", "start": start.isoformat()})
    return added["addEmployment"], await client.data(SEEN)


async def test_a_position_that_starts_tomorrow_is_not_current_anywhere(client: GraphQLClient) -> None:
    added, seen = await _seen_after_di_joins_acme(client, date.today() + timedelta(days=1))
    assert added == {"current": False}
    assert seen["di"] == {
        "seniority": None,
        "currentEmployment": None,
        "employments": [],
        "all": [{"title": "VP Platform", "current": False}, {"title": "Recruiter", "current": False}],
    }
    assert [e["node"]["person"]["id"] for e in seen["acme"]["employees"]["edges"]] == ["ada", "bo"]
    assert [e["node"]["id"] for e in seen["atAcme"]["edges"]] == ["ada"]
    assert [p["target"]["person"]["id"] for p in seen["paths"]] == ["ada"]
    assert seen["top"] == {"target": {"person": {"id": "ada"}}}
    # Di is cy's one tie at one hop; a future VP there is not a decision-maker yet.
    assert seen["reach"] == {"watched": [{"decisionMakers": 0}]}


async def test_a_position_is_current_from_its_start_date(client: GraphQLClient) -> None:
    added, seen = await _seen_after_di_joins_acme(client, date.today())
    assert added == {"current": True}
    assert seen["di"]["seniority"] == "VP"
    assert seen["di"]["currentEmployment"] == {"title": "VP Platform"}
    assert [e["node"]["person"]["id"] for e in seen["acme"]["employees"]["edges"]] == ["ada", "di", "bo"]
    assert [e["node"]["id"] for e in seen["atAcme"]["edges"]] == ["ada", "di"]
    assert [p["target"]["person"]["id"] for p in seen["paths"]] == ["di", "ada"]
    assert seen["reach"] == {"watched": [{"decisionMakers": 1}]}


async def test_a_future_position_still_counts_as_the_one_open_position_at_its_company(
    client: GraphQLClient,
) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    error: Any = await client.error(
        ADD, {"person": "ada", "start": (date.today() + timedelta(days=30)).isoformat()}
    )
    assert error["extensions"]["code"] == "CONFLICT"


async def test_a_future_contact_cannot_be_referred_to_yet(client: GraphQLClient) -> None:
    await _seen_after_di_joins_acme(client, date.today() + timedelta(days=1))
    error: Any = await client.error(
        """mutation { logReferral(input: {referrerId: "ada", candidateId: "cy", companyId: "acme",
             contactId: "di"}) { referral { id } } }"""
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "contactId"}
