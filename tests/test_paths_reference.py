"""Introduction paths on random small graphs: both stores give the reference's answer exactly.

The first tests check the reference itself on a hand-made graph, so that it can be trusted:

    ties:  a-b 0.5   b-t 0.5   a-c 0.9   c-d 0.9   d-t 0.9   b-c 0.5
    jobs:  a  DIRECTOR at acme (the candidate: never a target)
           b  MANAGER at acme
           c  OWNER at acme until 2019, now ENTRY at globex
           d  OWNER at acme
           t  VP at acme
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_service.domain.model import Function, Seniority
from graph_service.domain.paths import DECISION_FUNCTIONS, IntroductionPath, PathOrder, PathQuery
from graph_service.services.graph_import import import_graph
from graph_service.store.memory.store import MemoryStore
from graph_service.store.neo4j.store import Neo4jStore
from graph_service.store.protocol import Store
from tests.neo4j_reset import clear_neo4j
from tests.reference_paths import ReferenceNetwork, assert_same_answer, reference_paths


def _job(
    person: str, company: str, seniority: str, start: str, end: str | None = None, function: str = "OTHER"
) -> dict[str, Any]:
    return {
        "personId": person,
        "companyId": company,
        "title": seniority.title(),
        "seniority": seniority,
        "function": function,
        "startDate": start,
        "endDate": end,
    }


def _tie(a: str, b: str, strength: float) -> dict[str, Any]:
    return {"a": a, "b": b, "strength": strength, "context": "OTHER"}


HAND_MADE: dict[str, Any] = {
    "companies": [{"id": "acme", "name": "Acme"}, {"id": "globex", "name": "Globex"}],
    "people": [{"id": pid, "name": pid.upper()} for pid in ("a", "b", "c", "d", "t")],
    "employments": [
        _job("a", "acme", "DIRECTOR", "2020-01-01"),
        _job("b", "acme", "MANAGER", "2020-01-01"),
        _job("c", "acme", "OWNER", "2010-01-01", "2019-12-31"),
        _job("c", "globex", "ENTRY", "2020-01-01"),
        _job("d", "acme", "OWNER", "2015-01-01"),
        _job("t", "acme", "VP", "2018-01-01"),
    ],
    "ties": [
        _tie("a", "b", 0.5),
        _tie("b", "t", 0.5),
        _tie("a", "c", 0.9),
        _tie("c", "d", 0.9),
        _tie("d", "t", 0.9),
        _tie("b", "c", 0.5),
    ],
}


def _people(query: PathQuery) -> list[tuple[str, ...]]:
    return [path.people for path in reference_paths(HAND_MADE, query)]


def test_reference_shortest_takes_fewest_hops_and_strongest_takes_the_warmest_path() -> None:
    shortest = reference_paths(HAND_MADE, PathQuery(from_id="a", target_person_id="t"))
    strongest = reference_paths(
        HAND_MADE, PathQuery(from_id="a", target_person_id="t", order=PathOrder.STRONGEST)
    )
    assert [(p.people, p.strength) for p in shortest] == [(("a", "b", "t"), 0.25)]
    assert strongest[0].people == ("a", "c", "d", "t")
    assert abs(strongest[0].strength - 0.729) <= 1e-12


def test_reference_never_passes_through_an_excluded_person() -> None:
    query = PathQuery(from_id="a", target_person_id="t", exclude_ids=frozenset({"b"}), per_target=3)
    assert _people(query) == [("a", "c", "d", "t")]


def test_reference_never_targets_an_excluded_person() -> None:
    assert _people(PathQuery(from_id="a", target_person_id="t", exclude_ids=frozenset({"t"}))) == []
    query = PathQuery(from_id="a", target_company_id="acme", exclude_ids=frozenset({"d"}))
    assert [path.target_id for path in reference_paths(HAND_MADE, query)] == ["b", "t"]


def test_reference_most_senior_takes_each_targets_strongest_path() -> None:
    query = PathQuery(from_id="a", target_company_id="acme", order=PathOrder.MOST_SENIOR)
    assert _people(query) == [("a", "c", "d"), ("a", "c", "d", "t"), ("a", "b")]


def test_reference_company_targets_leave_out_hr_unless_asked() -> None:
    document = {
        **HAND_MADE,
        "employments": [
            *HAND_MADE["employments"][:3],
            _job("d", "acme", "OWNER", "2015-01-01", function="HR"),
            _job("t", "acme", "VP", "2018-01-01", function="ENGINEERING"),
        ],
    }

    def targets(**functions: Any) -> list[str]:
        query = PathQuery(from_id="a", target_company_id="acme", order=PathOrder.MOST_SENIOR, **functions)
        return [path.target_id for path in reference_paths(document, query)]

    assert targets() == ["t", "b"]
    assert targets(functions=frozenset({Function.HR})) == ["d"]
    assert targets(functions=frozenset(Function)) == ["d", "t", "b"]


def test_reference_drops_ties_weaker_than_min_strength_and_keeps_equal_ones() -> None:
    assert _people(PathQuery(from_id="a", target_person_id="t", min_strength=0.6)) == [("a", "c", "d", "t")]
    assert _people(PathQuery(from_id="a", target_person_id="t", min_strength=0.9)) == [("a", "c", "d", "t")]
    assert _people(PathQuery(from_id="a", target_person_id="t", min_strength=0.95)) == []


def test_reference_per_target_gives_the_next_best_simple_paths_in_order() -> None:
    two = _people(PathQuery(from_id="a", target_person_id="t", per_target=2))
    assert two == [("a", "b", "t"), ("a", "c", "d", "t")]
    # 0.9 * 0.5 * 0.5 = 0.225 after 0.729 among the 3-hop paths; a-b-c-d-t has 4 hops.
    four = _people(PathQuery(from_id="a", target_person_id="t", per_target=4, max_hops=4))
    assert four == [("a", "b", "t"), ("a", "c", "d", "t"), ("a", "c", "b", "t"), ("a", "b", "c", "d", "t")]


def test_reference_max_hops_bounds_the_path_length() -> None:
    assert _people(PathQuery(from_id="a", target_person_id="t", max_hops=1)) == []
    assert _people(PathQuery(from_id="a", target_person_id="d", max_hops=1)) == []
    assert _people(PathQuery(from_id="a", target_person_id="d", max_hops=2)) == [("a", "c", "d")]


def test_reference_orders_company_targets_by_each_order() -> None:
    def targets(order: PathOrder) -> list[str]:
        query = PathQuery(from_id="a", target_company_id="acme", order=order)
        return [path.target_id for path in reference_paths(HAND_MADE, query)]

    # b: 1 hop (0.5); d: 2 hops (0.81); t: 2 hops (0.25), or 0.729 over 3 hops. c has left acme.
    assert targets(PathOrder.SHORTEST) == ["b", "d", "t"]
    assert targets(PathOrder.STRONGEST) == ["d", "t", "b"]
    assert targets(PathOrder.MOST_SENIOR) == ["d", "t", "b"]


def test_reference_min_seniority_and_first_narrow_the_targets() -> None:
    query = PathQuery(from_id="a", target_company_id="acme", min_seniority=Seniority.VP)
    assert [p.target_id for p in reference_paths(HAND_MADE, query)] == ["d", "t"]
    query = PathQuery(from_id="a", target_company_id="acme", first=1, order=PathOrder.MOST_SENIOR)
    assert [p.people for p in reference_paths(HAND_MADE, query)] == [("a", "c", "d")]


def test_reference_target_seniority_is_current_and_a_person_target_takes_the_highest() -> None:
    network = ReferenceNetwork(HAND_MADE)
    acme = network.target_seniorities(PathQuery(from_id="t", target_company_id="acme"))
    assert acme == {"a": Seniority.DIRECTOR, "b": Seniority.MANAGER, "d": Seniority.OWNER}
    assert network.target_seniorities(PathQuery(from_id="a", target_person_id="c")) == {"c": Seniority.ENTRY}


def test_reference_breaks_equal_strengths_by_ids_compared_as_strings() -> None:
    document = {
        "people": [{"id": pid, "name": pid} for pid in ("s", "p10", "p9", "t")],
        "ties": [_tie("s", "p9", 0.5), _tie("p9", "t", 0.5), _tie("s", "p10", 0.25), _tie("p10", "t", 1.0)],
    }
    query = PathQuery(from_id="s", target_person_id="t", per_target=2)
    assert [p.people for p in reference_paths(document, query)] == [("s", "p10", "t"), ("s", "p9", "t")]


# Random graphs. Ids whose string order differs from their number order; strengths k/20, so
# different products of up to four differ by far more than 1e-9, and equal ones are common.
IDS = ["p1", "p10", "p2", "P3", "ada", "Bo", "9z", "zed", "p11", "cy", "Di", "e.f"]
COMPANIES = ["acme", "globex"]
STRENGTHS = [k / 20 for k in range(1, 21)]
JOB_FUNCTIONS = ["ENGINEERING", "HR", "OTHER"]
strengths = st.one_of(st.sampled_from([0.5, 1.0]), st.sampled_from(STRENGTHS))


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], PathQuery]:
    """A document and a query on it. The candidate is never excluded nor the person target, and
    targets exist: the design leaves those cases to input validation, not to the search. An
    excluded person may be a target, and then is not one."""
    people = draw(st.permutations(IDS))[: draw(st.integers(3, len(IDS)))]
    companies = COMPANIES[: draw(st.integers(1, len(COMPANIES)))]
    employments = []
    current: set[tuple[str, str]] = set()
    for person in people:
        for year in range(draw(st.sampled_from([1, 0, 1, 2]))):
            company = draw(st.sampled_from(companies))
            end = draw(st.sampled_from([None, None, "2021-06-30"]))
            if end is None and (person, company) in current:
                end = "2021-06-30"  # one current position per person and company
            if end is None:
                current.add((person, company))
            employments.append(
                _job(
                    person,
                    company,
                    draw(st.sampled_from(Seniority)).value,
                    f"{2010 + year}-01-01",
                    end,
                    draw(st.sampled_from(JOB_FUNCTIONS)),
                )
            )
    pairs = list(itertools.combinations(people, 2))
    count = draw(st.integers(len(people) - 1, min(len(pairs), 30)))
    chosen = draw(st.permutations(pairs))[:count]
    ties = [_tie(a, b, draw(strengths)) for a, b in chosen]
    document = {
        "companies": [{"id": c, "name": c.title()} for c in companies],
        "people": [{"id": p, "name": p} for p in people],
        "employments": employments,
        "ties": ties,
    }
    candidate = draw(st.sampled_from(people))
    others = [p for p in people if p != candidate]
    if draw(st.booleans()):
        target: dict[str, Any] = {"target_person_id": draw(st.sampled_from(others))}
    else:
        target = {"target_company_id": draw(st.sampled_from(companies))}
    query = PathQuery(
        from_id=candidate,
        **target,
        min_seniority=draw(st.one_of(st.just(Seniority.ENTRY), st.sampled_from(Seniority))),
        max_hops=draw(st.integers(1, 4)),
        first=draw(st.integers(1, 5)),
        per_target=draw(st.integers(1, 3)),
        order=draw(st.sampled_from(PathOrder)),
        min_strength=draw(st.one_of(st.just(0.0), st.sampled_from(STRENGTHS[:10]))),
        exclude_ids=frozenset(draw(st.lists(st.sampled_from(others), max_size=3))),
        max_seniority=draw(st.one_of(st.none(), st.none(), st.sampled_from(Seniority))),
        functions=draw(
            st.one_of(
                st.just(DECISION_FUNCTIONS),
                st.frozensets(st.sampled_from([Function(f) for f in JOB_FUNCTIONS]), min_size=1),
            )
        ),
    )
    return document, query


@asynccontextmanager
async def empty_store(like: Store) -> AsyncIterator[Store]:
    """A new empty store of the fixture's kind, for each hypothesis example."""
    if isinstance(like, Neo4jStore):
        await clear_neo4j(like)
        yield like
        return
    with tempfile.TemporaryDirectory() as directory:
        memory = MemoryStore.open(Path(directory))
        try:
            yield memory
        finally:
            await memory.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
async def test_store_gives_the_reference_introduction_paths_on_random_graphs(
    store: Store, case: tuple[dict[str, Any], PathQuery]
) -> None:
    document, query = case
    async with empty_store(store) as fresh:
        await import_graph(fresh, document)
        answer: list[IntroductionPath] = await fresh.introduction_paths(query)
    assert_same_answer(answer, ReferenceNetwork(document), query)
