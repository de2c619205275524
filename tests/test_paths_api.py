"""introductionPaths and mostSeniorReachable over HTTP, on both stores."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people } }"
PATHS = """query($from: ID!, $target: PathTarget!, $order: PathOrder! = SHORTEST, $hops: Int! = 3,
                 $first: Int! = 5, $perTarget: Int! = 1, $minStrength: Float! = 0, $exclude: [ID!]) {
  introductionPaths(fromId: $from, target: $target, orderBy: $order, maxHops: $hops, first: $first,
                    perTarget: $perTarget, minStrength: $minStrength, excludeIds: $exclude) {
    hops strength
    target { person { id } title seniority company { id } }
    people { id }
    steps { from { id } to { id } strength context since evidence }
  } }"""


async def paths(client: GraphQLClient, **variables: Any) -> list[dict[str, Any]]:
    data: Any = await client.data(PATHS, variables)
    result: list[dict[str, Any]] = data["introductionPaths"]
    return result


async def test_a_path_shows_why_it_is_warm(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    (path,) = await paths(client, **{"from": "cy", "target": {"companyId": "acme"}})
    assert path["hops"] == 2
    assert path["strength"] == pytest.approx(0.6 * 0.8)
    assert path["target"] == {
        "person": {"id": "ada"},
        "title": "VP Engineering",
        "seniority": "VP",
        "company": {"id": "acme"},
    }
    assert [p["id"] for p in path["people"]] == ["cy", "bo", "ada"]
    assert path["steps"] == [
        {
            "from": {"id": "cy"},
            "to": {"id": "bo"},
            "strength": 0.6,
            "context": "FRIEND",
            "since": "2015-09-01",
            "evidence": None,
        },
        {
            "from": {"id": "bo"},
            "to": {"id": "ada"},
            "strength": 0.8,
            "context": "COLLEAGUE",
            "since": "2020-06-01",
            "evidence": "Same team at Acme",
        },
    ]


async def test_min_seniority_excludes_and_min_strength_cuts(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    everyone = await paths(
        client, **{"from": "cy", "target": {"companyId": "globex", "minSeniority": "ENTRY"}}
    )
    # di is a recruiter: HR is left out of a company's targets unless asked for.
    assert [p["target"]["person"]["id"] for p in everyone] == ["gus"]
    with_hr = await paths(
        client,
        **{
            "from": "cy",
            "target": {"companyId": "globex", "minSeniority": "ENTRY", "functions": ["HR", "OTHER"]},
        },
    )
    assert [p["target"]["person"]["id"] for p in with_hr] == ["di", "gus"]
    strong_only = await paths(
        client,
        **{
            "from": "cy",
            "target": {"companyId": "globex", "minSeniority": "ENTRY", "functions": ["HR", "OTHER"]},
            "minStrength": 0.35,
        },
    )
    assert [p["target"]["person"]["id"] for p in strong_only] == ["gus"]
    without_ada = await paths(client, **{"from": "cy", "target": {"companyId": "globex"}, "exclude": ["ada"]})
    assert without_ada == []


async def test_most_senior_reachable(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    data: Any = await client.data(
        '{ mostSeniorReachable(fromId: "cy", companyId: "globex") { hops target { person { id } seniority } } '
        'nobody: mostSeniorReachable(fromId: "di", companyId: "acme", maxHops: 1) { hops } }'
    )
    assert data["mostSeniorReachable"] == {
        "hops": 3,
        "target": {"person": {"id": "gus"}, "seniority": "EXECUTIVE"},
    }
    assert data["nobody"] is None


@pytest.mark.parametrize(
    ("variables", "code", "says"),
    [
        ({"target": {"companyId": "acme"}, "hops": 0}, "BAD_USER_INPUT", "maxHops must be between 1 and 6"),
        ({"target": {"companyId": "acme"}, "hops": 7}, "BAD_USER_INPUT", "maxHops"),
        ({"target": {"companyId": "acme"}, "first": 51}, "BAD_USER_INPUT", "first must be between 1 and 50"),
        ({"target": {"companyId": "acme"}, "perTarget": 11}, "BAD_USER_INPUT", "perTarget"),
        ({"target": {"companyId": "acme"}, "minStrength": 1.5}, "BAD_USER_INPUT", "minStrength"),
        ({"target": {}}, "BAD_USER_INPUT", "exactly one of personId and companyId"),
        ({"target": {"companyId": "acme", "personId": "ada"}}, "BAD_USER_INPUT", "exactly one"),
        ({"target": {"personId": "cy"}}, "BAD_USER_INPUT", "the target person is the candidate"),
        ({"target": {"companyId": "initech"}}, "NOT_FOUND", "initech"),
        ({"target": {"personId": "zed"}}, "NOT_FOUND", "zed"),
    ],
)
async def test_arguments_out_of_range_are_refused_not_clamped(
    validation_client: GraphQLClient, variables: dict[str, Any], code: str, says: str
) -> None:
    await validation_client.data(IMPORT, {"d": SMALL_DOCUMENT})
    error: Any = await validation_client.error(PATHS, {"from": "cy", **variables})
    assert error["extensions"]["code"] == code
    assert says in error["message"]


async def test_unknown_candidate_is_not_found(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    error: Any = await client.error(PATHS, {"from": "nobody", "target": {"companyId": "acme"}})
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_no_path_is_an_empty_list(client: GraphQLClient) -> None:
    await client.data(
        IMPORT,
        {"d": {**SMALL_DOCUMENT, "people": [*SMALL_DOCUMENT["people"], {"id": "loner", "name": "Lo Ner"}]}},
    )
    assert await paths(client, **{"from": "loner", "target": {"companyId": "acme"}}) == []


async def test_a_search_too_broad_says_what_to_narrow(client: GraphQLClient) -> None:
    people = [{"id": f"p{i:02}", "name": f"Person {i}"} for i in range(45)]
    ties = [
        {"a": a["id"], "b": b["id"], "strength": 0.9, "context": "COLLEAGUE"}
        for a, b in itertools.combinations(people, 2)
    ]
    jobs = [
        {
            "personId": p["id"],
            "companyId": "hive",
            "title": "Lead",
            "seniority": "MANAGER",
            "function": "ENGINEERING",
        }
        for p in people[1:]
    ]
    dense = {
        "companies": [{"id": "hive", "name": "Hive"}],
        "people": people,
        "employments": jobs,
        "ties": ties,
    }
    await client.data(IMPORT, {"d": dense})
    error: Any = await client.error(
        PATHS, {"from": "p00", "target": {"companyId": "hive"}, "order": "STRONGEST", "hops": 6}
    )
    assert error["extensions"]["code"] == "SEARCH_TOO_BROAD"
    assert "maxHops" in error["message"]
    narrow = await paths(
        client, **{"from": "p00", "target": {"companyId": "hive"}, "order": "STRONGEST", "hops": 2}
    )
    assert len(narrow) == 5
