"""An independent reference for introduction paths, written from docs/design.md §4 alone.

It shares nothing with the stores but the domain types: it builds its own networkx graph from an
import document, enumerates simple paths by brute force and ranks them with comparators spelled
out from the design text. The property tests hold both stores to its answers.

Enumeration is `nx.all_simple_paths`, one target at a time, on the part of the graph a path of at
most h hops can use (people whose distance from the candidate plus distance to the target is at
most h). For SHORTEST, h grows from the shortest distance until the target has
`per_target` paths, since no longer path can rank before a shorter one; that keeps the LDBC
network (1.5k people) within reach without changing any answer.

A company's targets are its people now at or above the query's seniority (and at or below its
ceiling, when it has one) in one of its functions
(by default every function but HR); an excluded person is never a target.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

import networkx as nx

from graph_service.domain.model import Seniority
from graph_service.domain.paths import IntroductionPath, PathOrder, PathQuery

TOLERANCE = 1e-9
SENIORITY_ORDER = ("ENTRY", "SENIOR", "MANAGER", "DIRECTOR", "VP", "EXECUTIVE", "OWNER")
NO_SENIORITY = -1


class ReferencePath(NamedTuple):
    target_id: str
    people: tuple[str, ...]
    strength: float


class _Candidate(NamedTuple):
    target_id: str
    seniority: int
    people: tuple[str, ...]
    strength: float

    @property
    def hops(self) -> int:
        return len(self.people) - 1


def seniority_rank(level: str | None) -> int:
    return NO_SENIORITY if level is None else SENIORITY_ORDER.index(level)


class ReferenceNetwork:
    """One import document, read once, to answer many queries."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.graph: nx.Graph[str] = nx.Graph()
        self.graph.add_nodes_from(person["id"] for person in document.get("people", []))
        for tie in document.get("ties", []):
            self.graph.add_edge(tie["a"], tie["b"], strength=float(tie["strength"]))
        self.current_jobs: list[tuple[str, str, int, str]] = [
            (job["personId"], job["companyId"], seniority_rank(job["seniority"]), job["function"])
            for job in document.get("employments", [])
            if job.get("endDate") is None
        ]

    def target_ranks(self, query: PathQuery) -> dict[str, int]:
        """Each target with its seniority rank (-1: a person target with no current job)."""
        if query.target_person_id is not None:
            ranks = [rank for person, _, rank, _ in self.current_jobs if person == query.target_person_id]
            targets = {query.target_person_id: max(ranks, default=NO_SENIORITY)}
        else:
            targets = {}
            functions = {f.value for f in query.functions}
            floor = seniority_rank(query.min_seniority.value)
            ceiling = seniority_rank((query.max_seniority or Seniority.OWNER).value)
            for person, company, rank, function in self.current_jobs:
                if company == query.target_company_id and function in functions and floor <= rank <= ceiling:
                    targets[person] = max(rank, targets.get(person, NO_SENIORITY))
        for person in {query.from_id, *query.exclude_ids}:
            targets.pop(person, None)
        return targets

    def target_seniorities(self, query: PathQuery) -> dict[str, Seniority | None]:
        return {
            person: None if rank == NO_SENIORITY else Seniority(SENIORITY_ORDER[rank])
            for person, rank in self.target_ranks(query).items()
        }

    def paths(self, query: PathQuery) -> list[ReferencePath]:
        """Targets in order, each target's paths consecutive, best first."""
        usable: nx.Graph[str] = nx.Graph()
        usable.add_nodes_from(self.graph)
        usable.add_edges_from(
            (a, b, data)
            for a, b, data in self.graph.edges(data=True)
            if data["strength"] >= query.min_strength
        )
        path_order = _shortest_path_first if query.order is PathOrder.SHORTEST else _strongest_path_first
        groups: list[list[_Candidate]] = []
        for target, seniority in self.target_ranks(query).items():
            found = [
                _Candidate(target, seniority, people, _strength(usable, people))
                for people in self._simple_paths(usable, query, target)
            ]
            if found:
                groups.append(sorted(found, key=functools.cmp_to_key(path_order))[: query.per_target])
        best_first = functools.cmp_to_key(_TARGET_ORDERS[query.order])
        groups.sort(key=lambda group: best_first(group[0]))
        return [
            ReferencePath(path.target_id, path.people, path.strength)
            for group in groups[: query.first]
            for path in group
        ]

    def _simple_paths(self, usable: nx.Graph[str], query: PathQuery, target: str) -> list[tuple[str, ...]]:
        """Every simple path to the target that could rank among its `per_target` best."""
        source = query.from_id
        # Excluded people may not be intermediates (and are never targets).
        blocked = set(query.exclude_ids) - {target, source}
        graph = usable.subgraph(n for n in usable if n not in blocked)
        if source not in graph or target not in graph:
            return []
        from_source = nx.single_source_shortest_path_length(graph, source, cutoff=query.max_hops)
        to_target = nx.single_source_shortest_path_length(graph, target, cutoff=query.max_hops)
        if target not in from_source:
            return []
        if query.order is not PathOrder.SHORTEST:
            limits: Iterable[int] = [query.max_hops]
        else:
            limits = range(from_source[target], query.max_hops + 1)
        found: list[tuple[str, ...]] = []
        for limit in limits:
            near = [n for n in from_source if n in to_target and from_source[n] + to_target[n] <= limit]
            found = [
                tuple(p) for p in nx.all_simple_paths(graph.subgraph(near), source, target, cutoff=limit)
            ]
            if len(found) >= query.per_target:
                break
        return found


def reference_paths(document: Mapping[str, Any], query: PathQuery) -> list[ReferencePath]:
    return ReferenceNetwork(document).paths(query)


def assert_same_answer(answer: list[IntroductionPath], network: ReferenceNetwork, query: PathQuery) -> None:
    """A store's answer is the reference's: same targets and people in the same order, strengths
    within the tolerance, each target's seniority, and ties that join the path's people."""
    expected = network.paths(query)
    assert [(p.target_id, p.people) for p in answer] == [(p.target_id, p.people) for p in expected]
    for got, want in zip(answer, expected, strict=True):
        assert abs(got.strength - want.strength) <= TOLERANCE, (got, want)
        assert len(got.ties) == len(got.people) - 1, got
        for tie, (x, y) in zip(got.ties, itertools.pairwise(got.people), strict=True):
            assert {tie.a, tie.b} == {x, y}, got
            assert network.graph.edges[x, y]["strength"] == tie.strength, got
    seniorities = network.target_seniorities(query)
    assert {p.target_id: p.target_seniority for p in answer} == {
        p.target_id: seniorities[p.target_id] for p in expected
    }


def _strength(graph: nx.Graph[str], people: tuple[str, ...]) -> float:
    """The product of the ties' strengths, multiplied in path order."""
    product = 1.0
    for a, b in itertools.pairwise(people):
        product *= graph.edges[a, b]["strength"]
    return product


def _ascending(x: Any, y: Any) -> int:
    return int(x > y) - int(x < y)


def _stronger_first(x: float, y: float) -> int:
    """Strengths within the tolerance are equal."""
    if abs(x - y) <= TOLERANCE:
        return 0
    return -1 if x > y else 1


def _first_difference(*comparisons: Callable[[], int]) -> int:
    for compare in comparisons:
        result = compare()
        if result:
            return result
    return 0


def _shortest_path_first(p: _Candidate, q: _Candidate) -> int:
    """Fewest hops; then the strongest; then the smallest sequence of ids."""
    return _first_difference(
        lambda: _ascending(p.hops, q.hops),
        lambda: _stronger_first(p.strength, q.strength),
        lambda: _ascending(list(p.people), list(q.people)),
    )


def _strongest_path_first(p: _Candidate, q: _Candidate) -> int:
    """The strongest; then fewest hops; then the smallest sequence of ids."""
    return _first_difference(
        lambda: _stronger_first(p.strength, q.strength),
        lambda: _ascending(p.hops, q.hops),
        lambda: _ascending(list(p.people), list(q.people)),
    )


def _targets_by_shortest(p: _Candidate, q: _Candidate) -> int:
    """Hops, strength (desc), seniority (desc), id."""
    return _first_difference(
        lambda: _ascending(p.hops, q.hops),
        lambda: _stronger_first(p.strength, q.strength),
        lambda: _ascending(q.seniority, p.seniority),
        lambda: _ascending(p.target_id, q.target_id),
    )


def _targets_by_strongest(p: _Candidate, q: _Candidate) -> int:
    """Strength (desc), hops, seniority (desc), id."""
    return _first_difference(
        lambda: _stronger_first(p.strength, q.strength),
        lambda: _ascending(p.hops, q.hops),
        lambda: _ascending(q.seniority, p.seniority),
        lambda: _ascending(p.target_id, q.target_id),
    )


def _targets_by_seniority(p: _Candidate, q: _Candidate) -> int:
    """Seniority (desc), then strength (desc), hops, id."""
    return _first_difference(
        lambda: _ascending(q.seniority, p.seniority),
        lambda: _targets_by_strongest(p, q),
    )


_TARGET_ORDERS: dict[PathOrder, Callable[[_Candidate, _Candidate], int]] = {
    PathOrder.SHORTEST: _targets_by_shortest,
    PathOrder.STRONGEST: _targets_by_strongest,
    PathOrder.MOST_SENIOR: _targets_by_seniority,
}
