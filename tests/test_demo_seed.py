"""The demo seed tells the story of docs/design.md §1, on both stores."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from graph_service.domain.model import Seniority
from graph_service.domain.paths import PathOrder
from graph_service.resources import demo_seed_path
from graph_service.services import paths
from graph_service.services.graph_import import import_graph
from graph_service.store.protocol import Store

SEED: dict[str, Any] = json.loads(demo_seed_path().read_text())


def test_the_seed_is_the_one_in_seeds() -> None:
    assert demo_seed_path() == Path(__file__).resolve().parent.parent / "seeds" / "demo.json"


def test_the_seed_has_the_size_and_variety_the_demo_needs() -> None:
    assert len(SEED["people"]) >= 60
    assert len(SEED["companies"]) >= 8
    levels = Counter(e["seniority"] for e in SEED["employments"] if e["endDate"] is None)
    assert set(levels) == {level.value for level in Seniority}
    hr_screeners = {
        e["companyId"] for e in SEED["employments"] if e["function"] == "HR" and e["endDate"] is None
    }
    assert len(hr_screeners) == len(SEED["companies"])
    contexts = Counter(t["context"] for t in SEED["ties"])
    assert len(contexts) >= 5
    strengths = [t["strength"] for t in SEED["ties"] if "strength" in t]
    assert min(strengths) < 0.3 < 0.8 < max(strengths)


async def test_the_seed_imports_cleanly(store: Store) -> None:
    result = await import_graph(store, SEED)
    assert result.skipped == []
    assert (result.summary.people, result.summary.ties) == (len(SEED["people"]), len(SEED["ties"]))


async def test_shortest_and_strongest_disagree_for_tomas(store: Store) -> None:
    await import_graph(store, SEED)
    query = {"from_id": "tomas-lindqvist", "target_person_id": "adrian-kovac", "target_company_id": None}
    (shortest,) = await paths.introduction_paths(store, **query)
    (strongest,) = await paths.introduction_paths(store, **query, order=PathOrder.STRONGEST)
    assert shortest.people == ("tomas-lindqvist", "carla-mendez", "adrian-kovac")
    assert strongest.people == ("tomas-lindqvist", "yuki-sato", "wendy-zhao", "adrian-kovac")
    assert strongest.strength > shortest.strength


async def test_dana_reaches_decision_makers_only_through_hr(store: Store) -> None:
    await import_graph(store, SEED)
    found = await paths.introduction_paths(
        store, from_id="dana-whitfield", target_person_id=None, target_company_id="harbor-vine"
    )
    hr = {e["personId"] for e in SEED["employments"] if e["function"] == "HR"}
    assert found
    assert all(path.people[1] in hr for path in found)


async def test_most_senior_reachable_at_northwind_for_cy(store: Store) -> None:
    await import_graph(store, SEED)
    best = await paths.most_senior_reachable(store, from_id="cy-okafor", company_id="northwind")
    assert best is not None
    assert best.target_id == "helena-voss"
    assert best.people == ("cy-okafor", "marcus-bell", "helena-voss")


async def ladders_of(store: Store, candidate: str) -> dict[str, Any]:
    from graph_service.services.interviews import interview_ladder

    await import_graph(store, SEED)
    return {ladder.company_id: ladder for ladder in await interview_ladder(store, candidate)}


async def test_cy_met_only_hr_at_one_firm_and_a_vp_at_another(store: Store) -> None:
    ladders = await ladders_of(store, "cy-okafor")
    assert ladders["aldric-health"].most_senior_met in (Seniority.ENTRY, Seniority.SENIOR, Seniority.MANAGER)
    assert {i.stage.value for i in ladders["aldric-health"].interviews} == {"HR_SCREEN"}
    assert ladders["northwind"].most_senior_met is Seniority.VP
    assert ladders["northwind"].most_senior_interviewer_id == "priya-natarajan"


async def test_jun_was_hired_into_a_role_never_advertised(store: Store) -> None:
    ladders = await ladders_of(store, "jun-hale")
    kestrel = ladders["kestrel-bio"]
    assert kestrel.hired_for_different_role
    assert kestrel.hired_role_title == "Commercial Analytics Lead"


async def test_dana_dropped_out_after_the_first_screen(store: Store) -> None:
    ladders = await ladders_of(store, "dana-whitfield")
    assert ladders["harbor-vine"].withdrew_after_first_stage


async def test_laila_referred_across_three_firms(store: Store) -> None:
    from graph_service.domain.hiring import ReferralFilter

    await import_graph(store, SEED)
    laila = await store.find_referrals(ReferralFilter(referrer_id="laila-haddad"))
    assert len({r.company_id for r in laila if r.cross_firm}) >= 3
