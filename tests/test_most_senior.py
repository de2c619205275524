"""MOST_SENIOR, mostSeniorReachable and a company's functions, over HTTP on both stores.

The seeded graph below puts an HR director one warm hop from the candidate and the other
decision-makers further away; the executive is two cold hops away through HR, or three warm ones:

    cy -0.9- hr (DIRECTOR, HR) -0.3- ce (EXECUTIVE, OTHER)
    cy -0.9- fr -0.9- g -0.9- ce
    cy -0.9- fr -0.9- vp2 (VP, PRODUCT)
    cy -0.5- vp (VP, SALES)
    cy -0.8- bo -0.9- em (MANAGER, ENGINEERING)
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from graph_service.resources import demo_seed_path
from tests.graphql_client import GraphQLClient

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people } }"
PATHS = """query($from: ID!, $target: PathTarget!, $order: PathOrder! = MOST_SENIOR, $first: Int! = 5,
                 $exclude: [ID!], $hops: Int! = 3) {
  introductionPaths(fromId: $from, target: $target, orderBy: $order, first: $first, excludeIds: $exclude,
                    maxHops: $hops) {
    hops strength target { person { id } seniority } people { id }
  } }"""
REACHABLE = """query($from: ID!, $company: ID!, $hops: Int! = 3, $minStrength: Float! = 0,
                     $exclude: [ID!], $functions: [Function!]) {
  mostSeniorReachable(fromId: $from, companyId: $company, maxHops: $hops, minStrength: $minStrength,
                      excludeIds: $exclude, functions: $functions) {
    hops strength target { person { id } seniority } people { id }
  } }"""


def _job(person: str, seniority: str, function: str) -> dict[str, Any]:
    return {
        "personId": person,
        "companyId": "acme",
        "title": f"{seniority.title()} {function.title()}",
        "seniority": seniority,
        "function": function,
        "startDate": "2020-01-01",
        "endDate": None,
    }


def _tie(a: str, b: str, strength: float) -> dict[str, Any]:
    return {"a": a, "b": b, "strength": strength, "context": "FRIEND"}


CLIMB: dict[str, Any] = {
    "companies": [{"id": "acme", "name": "Acme"}],
    "people": [
        {"id": pid, "name": pid.upper()} for pid in ("cy", "hr", "bo", "em", "vp", "fr", "g", "vp2", "ce")
    ],
    "employments": [
        _job("hr", "DIRECTOR", "HR"),
        _job("em", "MANAGER", "ENGINEERING"),
        _job("vp", "VP", "SALES"),
        _job("vp2", "VP", "PRODUCT"),
        _job("ce", "EXECUTIVE", "OTHER"),
    ],
    "ties": [
        _tie("cy", "hr", 0.9),
        _tie("hr", "ce", 0.3),
        _tie("cy", "fr", 0.9),
        _tie("fr", "g", 0.9),
        _tie("g", "ce", 0.9),
        _tie("fr", "vp2", 0.9),
        _tie("cy", "vp", 0.5),
        _tie("cy", "bo", 0.8),
        _tie("bo", "em", 0.9),
    ],
}


def _summary(paths: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    return [(p["target"]["person"]["id"], [x["id"] for x in p["people"]]) for p in paths]


async def _paths(client: GraphQLClient, **variables: Any) -> list[dict[str, Any]]:
    data: Any = await client.data(PATHS, variables)
    found: list[dict[str, Any]] = data["introductionPaths"]
    return found


async def _reachable(client: GraphQLClient, **variables: Any) -> dict[str, Any] | None:
    data: Any = await client.data(REACHABLE, variables)
    found: dict[str, Any] | None = data["mostSeniorReachable"]
    return found


async def test_tomas_reaches_kestrels_ceo_by_the_warm_three_hop_route(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": json.loads(demo_seed_path().read_text())})
    (first,) = await _paths(
        client, **{"from": "tomas-lindqvist", "target": {"companyId": "kestrel-bio"}, "first": 1}
    )
    reachable = await _reachable(client, **{"from": "tomas-lindqvist", "company": "kestrel-bio"})
    assert reachable == first
    assert first["target"]["person"]["id"] == "adrian-kovac"
    assert [p["id"] for p in first["people"]] == [
        "tomas-lindqvist",
        "yuki-sato",
        "wendy-zhao",
        "adrian-kovac",
    ]
    assert first["hops"] == 3
    assert first["strength"] == pytest.approx(0.73, abs=0.005)


async def test_the_nearest_decision_maker_in_hr_is_not_a_target_unless_asked_for(
    client: GraphQLClient,
) -> None:
    await client.data(IMPORT, {"d": CLIMB})
    shortest = await _paths(client, **{"from": "cy", "target": {"companyId": "acme"}, "order": "SHORTEST"})
    assert _summary(shortest) == [
        ("vp", ["cy", "vp"]),
        ("vp2", ["cy", "fr", "vp2"]),
        ("em", ["cy", "bo", "em"]),
        ("ce", ["cy", "hr", "ce"]),
    ]
    only_hr = await _paths(client, **{"from": "cy", "target": {"companyId": "acme", "functions": ["HR"]}})
    assert _summary(only_hr) == [("hr", ["cy", "hr"])]
    recruiter = await _reachable(client, **{"from": "cy", "company": "acme", "functions": ["HR"]})
    assert recruiter is not None and recruiter["target"]["person"]["id"] == "hr"


async def test_most_senior_orders_by_seniority_then_the_strongest_paths_strength(
    client: GraphQLClient,
) -> None:
    await client.data(IMPORT, {"d": CLIMB})
    found = await _paths(client, **{"from": "cy", "target": {"companyId": "acme"}})
    # ce: 0.729 over three hops, not 0.27 over two through HR; vp2 at 0.81 before vp at 0.5,
    # though vp is one hop away.
    assert _summary(found) == [
        ("ce", ["cy", "fr", "g", "ce"]),
        ("vp2", ["cy", "fr", "vp2"]),
        ("vp", ["cy", "vp"]),
        ("em", ["cy", "bo", "em"]),
    ]
    reachable = await _reachable(client, **{"from": "cy", "company": "acme"})
    assert reachable is not None
    assert _summary([reachable]) == [("ce", ["cy", "fr", "g", "ce"])]
    assert reachable["target"]["seniority"] == "EXECUTIVE"
    assert reachable["strength"] == pytest.approx(0.729)


async def test_most_senior_reachable_takes_the_arguments_of_introduction_paths(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": CLIMB})
    around_fr = await _reachable(client, **{"from": "cy", "company": "acme", "exclude": ["fr"]})
    assert around_fr is not None and _summary([around_fr]) == [("ce", ["cy", "hr", "ce"])]
    without_ce = await _reachable(client, **{"from": "cy", "company": "acme", "exclude": ["ce"]})
    assert without_ce is not None and _summary([without_ce]) == [("vp2", ["cy", "fr", "vp2"])]
    warm_only = await _reachable(
        client, **{"from": "cy", "company": "acme", "minStrength": 0.6, "exclude": ["fr"]}
    )
    assert warm_only is not None and _summary([warm_only]) == [("em", ["cy", "bo", "em"])]
    assert await _reachable(client, **{"from": "cy", "company": "acme", "minStrength": 0.95}) is None
    one_hop = await _reachable(client, **{"from": "cy", "company": "acme", "hops": 1})
    assert one_hop is not None and _summary([one_hop]) == [("vp", ["cy", "vp"])]


async def test_an_excluded_target_person_is_not_a_target(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": CLIMB})
    to_ce = {"from": "cy", "target": {"personId": "ce"}}
    assert len(await _paths(client, **to_ce)) == 1
    assert await _paths(client, **to_ce, exclude=["ce"]) == []
    assert await _paths(client, **to_ce, exclude=["ce"], order="SHORTEST") == []


async def test_functions_must_name_at_least_one_function(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": CLIMB})
    error: Any = await client.error(REACHABLE, {"from": "cy", "company": "acme", "functions": []})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "functions"
