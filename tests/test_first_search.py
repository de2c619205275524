"""Right after a start on a fresh Neo4j, no search is refused for the time its plan takes.

Neo4j plans each statement shape once; the service plans every shape before `/readyz` says ready
(`paths_cypher.shapes`), so the 1 s search budget pays only for the search itself.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_service.domain.model import Function, Seniority
from graph_service.domain.paths import PathOrder, PathQuery
from graph_service.services.graph_import import import_graph
from graph_service.settings import Settings
from graph_service.store.memory.store import MemoryStore
from graph_service.store.neo4j import paths_cypher
from graph_service.store.neo4j.store import Neo4jStore
from tests.graphql_client import serving

SENIORITIES = ["ENTRY", "SENIOR", "MANAGER", "DIRECTOR", "VP", "EXECUTIVE", "OWNER"]
PATHS = """query($from: ID!, $target: PathTarget!, $hops: Int!, $first: Int!, $per: Int!,
  $order: PathOrder!, $min: Float!, $exclude: [ID!]!) {
  introductionPaths(fromId: $from, target: $target, maxHops: $hops, first: $first, perTarget: $per,
    orderBy: $order, minStrength: $min, excludeIds: $exclude) {
    hops strength people { id } target { person { id } seniority }
  }
}"""
MOST_SENIOR = """query($from: ID!, $company: ID!, $hops: Int!) {
  mostSeniorReachable(fromId: $from, companyId: $company, maxHops: $hops) {
    hops strength people { id } target { person { id } seniority }
  }
}"""


def random_graph(rng: random.Random, *, people: int, ties: int) -> dict[str, Any]:
    ids = [f"p{i}" for i in range(people)]
    companies = [f"c{i}" for i in range(6)]
    jobs = [
        {
            "personId": pid,
            "companyId": rng.choice(companies),
            "title": "Role",
            "seniority": rng.choice(SENIORITIES),
            "function": "OTHER",
            "startDate": "2020-01-01",
            "endDate": rng.choice([None, None, None, "2023-06-30"]),
        }
        for pid in ids
    ]
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < ties:
        a, b = sorted(rng.sample(ids, 2))
        pairs.add((a, b))
    return {
        "companies": [{"id": c, "name": c.upper()} for c in companies],
        "people": [{"id": pid, "name": pid.upper()} for pid in ids],
        "employments": jobs,
        "ties": [
            {"a": a, "b": b, "strength": round(rng.uniform(0.1, 1.0), 2), "context": "OTHER"}
            for a, b in sorted(pairs)
        ],
    }


def random_request(
    rng: random.Random, ids: list[str], hops: int, order: PathOrder
) -> tuple[str, dict[str, Any]]:
    source, other = rng.sample(ids, 2)
    if order is PathOrder.MOST_SENIOR and rng.random() < 0.2:
        return MOST_SENIOR, {"from": source, "company": f"c{rng.randrange(6)}", "hops": hops}
    target = (
        {"personId": other}
        if rng.random() < 0.4
        else {"companyId": f"c{rng.randrange(6)}", "minSeniority": rng.choice(SENIORITIES[:4])}
    )
    return PATHS, {
        "from": source,
        "target": target,
        "hops": hops,
        "first": rng.choice([1, 3, 5]),
        "per": rng.choice([1, 1, 2, 3]),
        "order": order.value,
        "min": rng.choice([0.0, 0.0, 0.3]),
        "exclude": rng.sample(ids, rng.choice([0, 0, 1, 3])),
    }


async def wait_ready(http: httpx.AsyncClient) -> None:
    for _ in range(3000):
        if (await http.get("/readyz")).status_code == 200:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the service did not report ready in 300 s")


def test_every_shape_has_one_statement_text_whatever_its_values() -> None:
    texts = {paths_cypher.statement(query)[0] for query in paths_cypher.shapes()}
    assert len(texts) == 42
    rng = random.Random(3)
    for _ in range(500):
        low = rng.choice(list(Seniority))
        query = PathQuery(
            from_id="x" * rng.randint(1, 40),
            target_person_id="y" if rng.random() < 0.5 else None,
            target_company_id="z",
            max_hops=rng.randint(1, 6),
            first=rng.randint(1, 50),
            per_target=rng.randint(1, 10),
            order=rng.choice(list(PathOrder)),
            min_strength=rng.random(),
            exclude_ids=frozenset(f"e{i}" for i in range(rng.randint(0, 30))),
            min_seniority=low,
            max_seniority=rng.choice([None, *(s for s in Seniority if s.rank >= low.rank)]),
            functions=frozenset(rng.sample(list(Function), rng.randint(1, len(Function)))),
        )
        if query.target_person_id is not None:
            query = dataclasses.replace(query, target_company_id=None)
        text, params = paths_cypher.statement(query)
        assert text in texts
        assert list(params) == ["q"]  # one map: no per-value size classes in Neo4j's plan cache


@pytest.mark.neo4j
async def test_no_search_is_refused_right_after_a_start_on_a_fresh_neo4j(
    empty_neo4j: Settings, neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    rng = random.Random(11)
    document = random_graph(rng, people=140, ties=315)
    await import_graph(neo4j_store, document)
    memory = MemoryStore.open(tmp_path)
    await import_graph(memory, document)
    await memory.close()
    await neo4j_store.run_admin("CALL db.clearQueryCaches()")  # Neo4j as if just started

    # Shorter than planning a four- to six-hop shape on a fresh Neo4j takes (several seconds),
    # with room for the searches themselves on a machine the suite shares with other work.
    budget = dataclasses.replace(empty_neo4j, search_timeout_seconds=3.0, query_timeout_seconds=5.0)
    ids = [person["id"] for person in document["people"]]
    requests = [
        random_request(rng, ids, hops, order)
        for _ in range(14)
        for order in PathOrder
        for hops in range(1, 7)
    ]
    async with (
        serving(budget) as neo4j_http,
        serving(Settings(store="memory", data_dir=tmp_path)) as memory_http,
    ):
        await wait_ready(neo4j_http)
        for query, variables in requests:
            payload = {"query": query, "variables": variables}
            expected = (await memory_http.post("/graphql", json=payload)).json()
            assert "errors" not in expected, (variables, expected)
            answer = (await neo4j_http.post("/graphql", json=payload)).json()
            assert answer == expected, variables
