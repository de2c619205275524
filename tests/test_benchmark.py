"""The benchmark's synthetic network and its arithmetic (never its timings)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from graphql import parse, validate

from graph_service.api.schema import build_schema
from graph_service.bench import page_bench, read_bench, stress, write_bench
from graph_service.bench.benchmark import choose_probes, percentile
from graph_service.bench.synthetic import generate
from graph_service.domain.model import GraphDocument, Seniority
from graph_service.domain.rows import document_rows
from graph_service.services.document import check_document
from graph_service.settings import Settings

PEOPLE = 300
TIES = 2_000


@pytest.fixture(scope="module")
def network() -> GraphDocument:
    return generate(PEOPLE, TIES, seed=11)


def test_network_has_exactly_the_people_and_ties_asked_for(network: GraphDocument) -> None:
    assert len(network.people) == PEOPLE
    assert len(network.ties) == TIES
    assert len({p.id for p in network.people}) == PEOPLE
    assert len(network.companies) == PEOPLE // 50


def test_ties_join_distinct_known_people_once_per_pair(network: GraphDocument) -> None:
    ids = {p.id for p in network.people}
    pairs = {(t.a, t.b) for t in network.ties}
    assert len(pairs) == TIES
    assert all(t.a < t.b and t.a in ids and t.b in ids for t in network.ties)
    assert all(0 < t.strength <= 1 for t in network.ties)


def test_every_company_has_a_current_employee_and_a_decision_maker(network: GraphDocument) -> None:
    current = [e for e in network.employments if e.is_current]
    staffed = {e.company_id for e in current}
    deciders = {e.company_id for e in current if e.seniority.rank >= Seniority.MANAGER.rank}
    assert staffed == deciders == {c.id for c in network.companies}


def test_company_sizes_are_uneven(network: GraphDocument) -> None:
    sizes = sorted(Counter(e.company_id for e in network.employments if e.is_current).values())
    assert sizes[-1] >= 3 * sizes[0]


def test_seniority_forms_a_pyramid(network: GraphDocument) -> None:
    levels = Counter(e.seniority for e in network.employments if e.is_current)
    junior = levels[Seniority.ENTRY] + levels[Seniority.SENIOR]
    assert junior > sum(n for level, n in levels.items() if level.rank >= Seniority.MANAGER.rank)
    assert levels[Seniority.MANAGER] > levels[Seniority.VP] > 0
    assert levels[Seniority.ENTRY] > levels[Seniority.EXECUTIVE]


def test_people_hold_at_most_one_current_job_and_some_have_past_ones(network: GraphDocument) -> None:
    current = Counter(e.person_id for e in network.employments if e.is_current)
    assert max(current.values()) == 1
    past = [e for e in network.employments if not e.is_current]
    assert past
    assert all(e.start_date and e.end_date and e.start_date < e.end_date for e in past)
    assert any(e.function.value == "HR" for e in network.employments)


def test_network_passes_the_import_checks(network: GraphDocument) -> None:
    checked = check_document(document_rows(network), today=date(2026, 1, 1))
    checked.drop_dangling(stored_people=set(), stored_companies=set())
    assert checked.problems == []
    assert checked.document() == network


def test_same_seed_gives_the_same_network_and_another_seed_does_not(network: GraphDocument) -> None:
    assert generate(PEOPLE, TIES, seed=11) == network
    assert generate(PEOPLE, TIES, seed=12) != network


def test_a_dense_request_still_gets_exactly_its_ties() -> None:
    complete = generate(12, 66, seed=3)
    assert len({(t.a, t.b) for t in complete.ties}) == 66


def test_impossible_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="ties"):
        generate(10, 46, seed=1)
    with pytest.raises(ValueError, match="people"):
        generate(1, 0, seed=1)


def test_probes_are_deterministic_and_favour_big_companies(network: GraphDocument) -> None:
    probes = choose_probes(network, 400, seed=5)
    assert probes == choose_probes(network, 400, seed=5)
    staff = Counter(e.company_id for e in network.employments if e.is_current)
    biggest, smallest = staff.most_common()[0][0], staff.most_common()[-1][0]
    targets = Counter(p.company for p in probes)
    assert targets[biggest] > targets[smallest]


def test_percentile_is_the_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 50) == 50.0
    assert percentile(samples, 99) == 99.0
    assert percentile(samples, 100) == 100.0
    assert percentile([3.0], 99) == 3.0
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.0


@pytest.mark.parametrize(
    "document",
    [
        read_bench.PERSON_READ,
        write_bench.LOG_REFERRAL,
        stress.PATHS,
        stress.SUMMIT,
        stress.LADDER,
        stress.PEOPLE,
        stress.PERSON,
        page_bench.MOVE,
    ],
)
def test_the_benchmarks_send_documents_the_schema_accepts(document: str) -> None:
    # A bench that sends a stale document measures errors, not reads: the person read did once.
    schema = build_schema(Settings())
    assert validate(schema._schema, parse(document)) == []
