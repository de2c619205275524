"""The dashboard's API on both stores: the watchlist, reach and its bound, against networkx."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import networkx as nx
import pytest

from graph_service.domain.errors import SearchTooBroad
from graph_service.domain.model import Target
from graph_service.resources import demo_seed_path
from graph_service.services import reach, watchlist
from graph_service.services.graph_import import export_graph, import_graph
from graph_service.store.protocol import Store
from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

SEED: dict[str, Any] = json.loads(demo_seed_path().read_text())
IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people targets } }"
WATCHED = "query($id: ID!) { person(id: $id) { targetCompanies { id name } } }"
ADD = """mutation($p: ID!, $c: ID!) { addTargetCompany(personId: $p, companyId: $c) {
  id targetCompanies { id } } }"""
REMOVE = """mutation($p: ID!, $c: ID!) { removeTargetCompany(personId: $p, companyId: $c) {
  targetCompanies { id } } }"""
REACH = """query($id: ID!, $hops: Int!, $ids: [ID!]) { reach(fromId: $id, maxHops: $hops, companyIds: $ids) {
  levels { hops people bySeniority { seniority people } }
  companies { company { id } decisionMakers withinHops }
  watched { company { id } decisionMakers withinHops } } }"""


async def test_a_candidate_adds_and_removes_watched_companies(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    added: Any = await client.data(ADD, {"p": "cy", "c": "globex"})
    await client.data(ADD, {"p": "cy", "c": "acme"})
    again: Any = await client.data(ADD, {"p": "cy", "c": "acme"})
    assert added["addTargetCompany"]["targetCompanies"] == [{"id": "globex"}]
    assert again["addTargetCompany"]["targetCompanies"] == [{"id": "acme"}, {"id": "globex"}]
    removed: Any = await client.data(REMOVE, {"p": "cy", "c": "acme"})
    assert removed["removeTargetCompany"]["targetCompanies"] == [{"id": "globex"}]
    absent: Any = await client.data(REMOVE, {"p": "cy", "c": "acme"})
    assert absent["removeTargetCompany"]["targetCompanies"] == [{"id": "globex"}]
    watched: Any = await client.data(WATCHED, {"id": "cy"})
    assert watched["person"]["targetCompanies"] == [{"id": "globex", "name": "Globex"}]


@pytest.mark.parametrize(("person", "company"), [("cy", "nowhere"), ("nobody", "acme")])
async def test_watching_an_unknown_id_is_not_found(client: GraphQLClient, person: str, company: str) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    error: Any = await client.error(ADD, {"p": person, "c": company})
    assert error["extensions"]["code"] == "NOT_FOUND"
    watched: Any = await client.data(WATCHED, {"id": "cy"})
    assert watched["person"]["targetCompanies"] == []


async def test_a_watchlist_is_bounded(client: GraphQLClient) -> None:
    companies = [{"id": f"c{i:02}", "name": f"C{i}"} for i in range(watchlist.MAX_TARGETS + 1)]
    targets = [{"personId": "cy", "companyId": c["id"]} for c in companies[:-1]]
    await client.data(
        IMPORT,
        {"d": {**SMALL_DOCUMENT, "companies": SMALL_DOCUMENT["companies"] + companies, "targets": targets}},
    )
    error: Any = await client.error(ADD, {"p": "cy", "c": companies[-1]["id"]})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "companyId"}
    again: Any = await client.data(ADD, {"p": "cy", "c": "c00"})
    assert len(again["addTargetCompany"]["targetCompanies"]) == watchlist.MAX_TARGETS


async def test_watchlists_travel_through_export_and_import(store: Store) -> None:
    await import_graph(store, {**SMALL_DOCUMENT, "targets": [{"personId": "cy", "companyId": "acme"}]})
    await store.add_target(Target("bo", "globex"))
    await store.remove_target(Target("cy", "acme"))
    await store.add_target(Target("cy", "globex"))
    exported = await export_graph(store)
    assert exported["targets"] == [
        {"personId": "bo", "companyId": "globex"},
        {"personId": "cy", "companyId": "globex"},
    ]
    result = await import_graph(store, exported)
    assert result.summary.targets == 2
    assert await store.targets_of(["cy", "bo", "ada"]) == [["globex"], ["globex"], []]


async def test_an_import_reports_a_bad_target_row_and_changes_nothing(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    bad = {"targets": [{"personId": "cy", "companyId": "acme"}, {"personId": "cy", "companyId": "nowhere"}]}
    error: Any = await client.error(IMPORT, {"d": bad})
    assert error["extensions"]["problems"] == [
        {"position": "targets[1]", "reason": "unknown company 'nowhere'"}
    ]
    watched: Any = await client.data(WATCHED, {"id": "cy"})
    assert watched["person"]["targetCompanies"] == []


async def test_reach_counts_people_by_hops_and_seniority(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    found: Any = await client.data(REACH, {"id": "cy", "hops": 3, "ids": ["globex", "acme"]})
    levels = [
        (level["hops"], level["people"], {s["seniority"]: s["people"] for s in level["bySeniority"] if s["people"]})
        for level in found["reach"]["levels"]
    ]  # fmt: skip
    # bo (SENIOR) and di (ENTRY, HR) are ties of cy; ada (VP) is two hops out, gus (EXECUTIVE) three.
    assert levels == [(1, 2, {"SENIOR": 1, "ENTRY": 1}), (2, 1, {"VP": 1}), (3, 1, {"EXECUTIVE": 1})]
    # ada's Globex job has ended; di is in HR: neither is a decision-maker at Globex.
    assert found["reach"]["companies"] == [
        {"company": {"id": "acme"}, "decisionMakers": 1, "withinHops": [0, 1, 1]},
        {"company": {"id": "globex"}, "decisionMakers": 1, "withinHops": [0, 0, 1]},
    ]
    assert [w["company"]["id"] for w in found["reach"]["watched"]] == ["globex", "acme"]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"id": "cy", "hops": 4}, "BAD_USER_INPUT"),
        ({"id": "cy", "hops": 0}, "BAD_USER_INPUT"),
        ({"id": "nobody", "hops": 2}, "NOT_FOUND"),
        ({"id": "cy", "hops": 2, "ids": ["nowhere"]}, "NOT_FOUND"),
    ],
)
async def test_bad_reach_arguments_get_coded_errors(
    client: GraphQLClient, variables: dict[str, object], code: str
) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    error: Any = await client.error(REACH, variables)
    assert error["extensions"]["code"] == code


async def test_reach_past_its_work_bound_is_too_broad(store: Store) -> None:
    await import_graph(store, SEED)
    with pytest.raises(SearchTooBroad, match="lower maxHops"):
        await reach.reach(store, from_id="cy-okafor", max_hops=3, work_limit=50)
    assert await store.neighbourhood("cy-okafor", max_hops=3, limit=50) is None


async def test_reach_on_the_demo_seed_matches_networkx(store: Store) -> None:
    await import_graph(store, SEED)
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(p["id"] for p in SEED["people"])
    graph.add_edges_from((t["a"], t["b"]) for t in SEED["ties"])
    current: dict[str, list[dict[str, Any]]] = {}
    for job in SEED["employments"]:
        if job["endDate"] is None:
            current.setdefault(job["personId"], []).append(job)
    order = ["ENTRY", "SENIOR", "MANAGER", "DIRECTOR", "VP", "EXECUTIVE", "OWNER"]
    for candidate in ("cy-okafor", "dana-whitfield", "marisol-vega", "tomas-lindqvist", "jun-hale"):
        hops = nx.single_source_shortest_path_length(graph, candidate, cutoff=3)
        expected: list[Counter[str | None]] = [Counter() for _ in range(3)]
        makers: dict[str, list[int]] = {}
        for person, n in hops.items():
            if n == 0:
                continue
            jobs = current.get(person, [])
            top = max((order.index(j["seniority"]) for j in jobs), default=None)
            expected[n - 1][order[top] if top is not None else None] += 1
            for job in jobs:
                if order.index(job["seniority"]) >= 2 and job["function"] != "HR":
                    makers.setdefault(job["companyId"], []).append(n)
        found = await reach.reach(store, from_id=candidate, first=20)
        assert [
            Counter({s.value if s else None: c for s, c in level.by_seniority if c}) for level in found.levels
        ] == expected
        assert {c.company_id: c.within for c in found.companies} == {
            company: tuple(sum(1 for h in hs if h <= n) for n in (1, 2, 3)) for company, hs in makers.items()
        }
