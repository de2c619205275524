"""Introduction paths on the LDBC SNB SF0.1 network against LDBC's own expected answers.

Every tie has strength 1.0 there, so the design's path order reduces to hops, then the sequence
of ids: the best SHORTEST path has the expected shortest length (interactive-complex 13), and a
target's paths of that length are LDBC's shortest paths in id order (interactive-complex 14).
The network is loaded once per store for the whole module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import networkx as nx
import pytest

from graph_service.domain.paths import PathQuery
from graph_service.services.graph_import import import_graph
from graph_service.store.memory.store import MemoryStore
from graph_service.store.neo4j.store import Neo4jStore
from graph_service.store.protocol import Store
from tests.datasets import (
    AllShortestPaths,
    ShortestPathLength,
    ldbc_cases_ic13,
    ldbc_cases_ic14,
    ldbc_document,
)
from tests.neo4j_reset import clear_neo4j
from tests.reference_paths import ReferenceNetwork, assert_same_answer

MAX_HOPS = 6
PER_TARGET = 10
IC13 = ldbc_cases_ic13()
IC14 = ldbc_cases_ic14()


def _case_id(case: ShortestPathLength | AllShortestPaths) -> str:
    return f"{case.from_id}-{case.to_id}"


@pytest.fixture(scope="module")
def reference() -> ReferenceNetwork:
    return ReferenceNetwork(ldbc_document())


@pytest.fixture(scope="module", params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def ldbc_backend(request: pytest.FixtureRequest) -> Neo4jStore | None:
    """None for the memory store; the session's Neo4j store otherwise (set up outside the loop)."""
    if request.param == "memory":
        return None
    neo4j: Neo4jStore = request.getfixturevalue("neo4j_store")
    return neo4j


@pytest.fixture(scope="module")
async def ldbc_store(
    ldbc_backend: Neo4jStore | None, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Store]:
    """The LDBC network in each store, loaded once; Neo4j is left loaded for the next test to clear."""
    if ldbc_backend is None:
        memory = MemoryStore.open(tmp_path_factory.mktemp("ldbc"))
        await import_graph(memory, ldbc_document())
        yield memory
        await memory.close()
        return
    await clear_neo4j(ldbc_backend)
    await import_graph(ldbc_backend, ldbc_document())
    yield ldbc_backend


def _shortest_length_query(case: ShortestPathLength) -> PathQuery:
    return PathQuery(from_id=case.from_id, target_person_id=case.to_id, max_hops=MAX_HOPS, first=1)


def _all_shortest_query(case: AllShortestPaths) -> PathQuery:
    return PathQuery(
        from_id=case.from_id, target_person_id=case.to_id, max_hops=MAX_HOPS, first=1, per_target=PER_TARGET
    )


def _in_id_order(paths: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    return sorted(paths, key=list)


@pytest.mark.parametrize("case", IC13, ids=_case_id)
def test_networkx_finds_ldbc_shortest_path_lengths_in_the_loaded_network(
    reference: ReferenceNetwork, case: ShortestPathLength
) -> None:
    if case.length < 0:
        assert not nx.has_path(reference.graph, case.from_id, case.to_id)
    else:
        assert nx.shortest_path_length(reference.graph, case.from_id, case.to_id) == case.length


@pytest.mark.parametrize("case", IC14, ids=_case_id)
def test_networkx_finds_exactly_ldbc_shortest_paths_in_the_loaded_network(
    reference: ReferenceNetwork, case: AllShortestPaths
) -> None:
    found = nx.all_shortest_paths(reference.graph, case.from_id, case.to_id)
    assert _in_id_order(tuple(tuple(path) for path in found)) == _in_id_order(case.paths)


@pytest.mark.parametrize("case", IC13, ids=_case_id)
def test_reference_best_shortest_path_has_ldbc_length(
    reference: ReferenceNetwork, case: ShortestPathLength
) -> None:
    answer = reference.paths(_shortest_length_query(case))
    assert [len(path.people) - 1 for path in answer] == ([] if case.length < 0 else [case.length])


@pytest.mark.parametrize("case", IC14, ids=_case_id)
def test_reference_paths_of_fewest_hops_are_ldbc_shortest_paths_in_id_order(
    reference: ReferenceNetwork, case: AllShortestPaths
) -> None:
    answer = reference.paths(_all_shortest_query(case))
    fewest = min(len(path.people) for path in answer)
    assert [path.people for path in answer if len(path.people) == fewest] == _in_id_order(case.paths)[
        :PER_TARGET
    ]
    assert fewest == len(case.paths[0])
    assert len(answer) == PER_TARGET


@pytest.mark.parametrize("case", IC13, ids=_case_id)
async def test_store_best_shortest_path_has_ldbc_length(
    ldbc_store: Store, reference: ReferenceNetwork, case: ShortestPathLength
) -> None:
    query = _shortest_length_query(case)
    answer = await ldbc_store.introduction_paths(query)
    assert [path.hops for path in answer] == ([] if case.length < 0 else [case.length])
    assert_same_answer(answer, reference, query)


@pytest.mark.parametrize("case", IC14, ids=_case_id)
async def test_store_paths_of_fewest_hops_are_ldbc_shortest_paths_in_id_order(
    ldbc_store: Store, reference: ReferenceNetwork, case: AllShortestPaths
) -> None:
    query = _all_shortest_query(case)
    answer = await ldbc_store.introduction_paths(query)
    assert answer, "no path found"
    fewest = min(path.hops for path in answer)
    assert fewest == len(case.paths[0]) - 1
    assert [path.people for path in answer if path.hops == fewest] == _in_id_order(case.paths)[:PER_TARGET]
    assert_same_answer(answer, reference, query)
