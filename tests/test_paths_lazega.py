"""min_seniority and MOST_SENIOR on the Lazega law firm, where partners are the decision-makers.

Seniority comes from status and years with the firm (see tests/datasets.py): every partner is VP
or above, every associate below MANAGER. Each store's answer is checked against the reference and
against facts read straight from the study's attribute table and coworker matrix.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import networkx as nx
import pytest

from graph_service.domain.model import Seniority
from graph_service.domain.paths import PathOrder, PathQuery
from graph_service.services.graph_import import import_graph
from graph_service.store.memory.store import MemoryStore
from graph_service.store.neo4j.store import Neo4jStore
from graph_service.store.protocol import Store
from tests.datasets import LAZEGA_FIRM, Lawyer, lazega_coworker_pairs, lazega_document, lazega_lawyers
from tests.neo4j_reset import clear_neo4j
from tests.reference_paths import ReferenceNetwork, assert_same_answer

LAWYERS = {lawyer.id: lawyer for lawyer in lazega_lawyers()}
PARTNERS = {lawyer.id for lawyer in LAWYERS.values() if lawyer.partner}
EVERYONE = len(LAWYERS)


def _coworkers() -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(LAWYERS)
    graph.add_edges_from((f"lawyer-{i}", f"lawyer-{j}") for i, j in lazega_coworker_pairs())
    return graph


COWORKERS = _coworkers()


def _candidates() -> list[Lawyer]:
    """The most junior associate, the most junior partner and the most connected lawyer."""
    associates = [lawyer for lawyer in LAWYERS.values() if not lawyer.partner]
    partners = [lawyer for lawyer in LAWYERS.values() if lawyer.partner]
    hub = max(COWORKERS.degree, key=lambda item: (item[1], item[0]))[0]
    return [
        min(associates, key=lambda lawyer: (lawyer.years, lawyer.number)),
        min(partners, key=lambda lawyer: (lawyer.years, lawyer.number)),
        LAWYERS[hub],
    ]


CANDIDATES = _candidates()
ISOLATED = [person for person, degree in COWORKERS.degree if degree == 0]


def _within(candidate: str, hops: int) -> set[str]:
    """Everyone the coworker network puts within `hops` of the candidate, but the candidate."""
    return set(nx.single_source_shortest_path_length(COWORKERS, candidate, cutoff=hops)) - {candidate}


@pytest.fixture(scope="module")
def reference() -> ReferenceNetwork:
    return ReferenceNetwork(lazega_document())


@pytest.fixture(scope="module", params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def lazega_backend(request: pytest.FixtureRequest) -> Neo4jStore | None:
    """None for the memory store; the session's Neo4j store otherwise (set up outside the loop)."""
    if request.param == "memory":
        return None
    neo4j: Neo4jStore = request.getfixturevalue("neo4j_store")
    return neo4j


@pytest.fixture(scope="module")
async def lazega_store(
    lazega_backend: Neo4jStore | None, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Store]:
    """The firm in each store, loaded once; Neo4j is left loaded for the next test to clear."""
    if lazega_backend is None:
        memory = MemoryStore.open(tmp_path_factory.mktemp("lazega"))
        await import_graph(memory, lazega_document())
        yield memory
        await memory.close()
        return
    await clear_neo4j(lazega_backend)
    await import_graph(lazega_backend, lazega_document())
    yield lazega_backend


def _firm_query(candidate: Lawyer, **arguments: Any) -> PathQuery:
    return PathQuery(from_id=candidate.id, target_company_id=LAZEGA_FIRM, **arguments)


def _ids(lawyer: Lawyer) -> str:
    return lawyer.id


def test_lazega_mapping_puts_every_partner_at_vp_or_above_and_every_associate_below_manager() -> None:
    for lawyer in LAWYERS.values():
        rank = Seniority(lawyer.seniority).rank
        assert (rank >= Seniority.VP.rank) == lawyer.partner
        assert (rank >= Seniority.MANAGER.rank) == lawyer.partner


@pytest.mark.parametrize("candidate", CANDIDATES, ids=_ids)
@pytest.mark.parametrize("hops", [1, 2])
async def test_partner_level_targets_are_exactly_the_partners_within_reach(
    lazega_store: Store, reference: ReferenceNetwork, candidate: Lawyer, hops: int
) -> None:
    query = _firm_query(candidate, min_seniority=Seniority.VP, max_hops=hops, first=EVERYONE)
    answer = await lazega_store.introduction_paths(query)
    assert {path.target_id for path in answer} == _within(candidate.id, hops) & PARTNERS
    assert_same_answer(answer, reference, query)


@pytest.mark.parametrize("candidate", CANDIDATES, ids=_ids)
async def test_owner_level_targets_have_twenty_years_with_the_firm(
    lazega_store: Store, reference: ReferenceNetwork, candidate: Lawyer
) -> None:
    query = _firm_query(candidate, min_seniority=Seniority.OWNER, max_hops=2, first=EVERYONE)
    answer = await lazega_store.introduction_paths(query)
    assert answer
    assert all(LAWYERS[path.target_id].partner and LAWYERS[path.target_id].years >= 20 for path in answer)
    assert_same_answer(answer, reference, query)


@pytest.mark.parametrize("candidate", CANDIDATES, ids=_ids)
async def test_most_senior_lists_partners_before_associates_and_seniority_never_rises(
    lazega_store: Store, reference: ReferenceNetwork, candidate: Lawyer
) -> None:
    query = _firm_query(
        candidate, min_seniority=Seniority.ENTRY, max_hops=2, first=EVERYONE, order=PathOrder.MOST_SENIOR
    )
    answer = await lazega_store.introduction_paths(query)
    partner_flags = [LAWYERS[path.target_id].partner for path in answer]
    assert partner_flags == sorted(partner_flags, reverse=True)
    assert True in partner_flags and False in partner_flags
    seniorities = [path.target_seniority for path in answer]
    assert None not in seniorities
    ranks = [seniority.rank for seniority in seniorities if seniority is not None]
    assert ranks == sorted(ranks, reverse=True)
    assert {path.target_id for path in answer} == _within(candidate.id, 2)
    assert_same_answer(answer, reference, query)


@pytest.mark.parametrize("candidate", CANDIDATES, ids=_ids)
@pytest.mark.parametrize("order", list(PathOrder), ids=lambda order: order.value)
@pytest.mark.parametrize("min_seniority", [Seniority.MANAGER, Seniority.EXECUTIVE], ids=lambda s: s.value)
async def test_store_ranks_the_firm_like_the_reference(
    lazega_store: Store,
    reference: ReferenceNetwork,
    candidate: Lawyer,
    order: PathOrder,
    min_seniority: Seniority,
) -> None:
    query = _firm_query(
        candidate, min_seniority=min_seniority, max_hops=3, first=5, per_target=2, order=order
    )
    answer = await lazega_store.introduction_paths(query)
    assert len({path.target_id for path in answer}) == 5
    assert_same_answer(answer, reference, query)


async def test_an_isolated_lawyer_reaches_no_one_and_no_one_reaches_them(
    lazega_store: Store, reference: ReferenceNetwork
) -> None:
    (loner,) = ISOLATED
    alone = _firm_query(LAWYERS[loner], min_seniority=Seniority.ENTRY, max_hops=3, first=EVERYONE)
    assert await lazega_store.introduction_paths(alone) == []
    toward = PathQuery(from_id=CANDIDATES[-1].id, target_person_id=loner, max_hops=3)
    assert await lazega_store.introduction_paths(toward) == []
    assert reference.paths(alone) == reference.paths(toward) == []
