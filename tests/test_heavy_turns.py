"""Heavy requests take turns: at most `GRAPH_SERVICE_HEAVY_SLOTS` of them run at once, while a cheap
request is answered at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_service.app import create_app
from graph_service.bench.stress import PATHS
from graph_service.domain.paths import IntroductionPath, PathQuery
from graph_service.services.graph_import import import_graph
from graph_service.settings import Settings
from graph_service.store.protocol import Store
from tests.sample_data import SMALL_DOCUMENT

HEAVY = {"query": PATHS, "variables": {"from": "cy", "company": "acme", "order": "STRONGEST"}}
CHEAP = {"query": '{ person(id: "ada") { name } }'}


class Gated:
    """The real store, whose path searches wait at a gate: the test sees how many run at once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.running = 0
        self.most = 0
        self.gate = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    async def introduction_paths(self, query: PathQuery) -> list[IntroductionPath]:
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            await self.gate.wait()
            return await self.store.introduction_paths(query)
        finally:
            self.running -= 1


@pytest.fixture(params=[1, 2], ids=["one slot", "two slots"])
async def served(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, Gated, int]]:
    slots: int = request.param
    app = create_app(Settings(store="memory", data_dir=tmp_path, heavy_slots=slots))
    async with app.router.lifespan_context(app):
        await import_graph(app.state.store, SMALL_DOCUMENT)
        gated = Gated(app.state.store)
        app.state.store = gated
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://localhost"
        ) as http:
            yield http, gated, slots


async def test_heavy_requests_run_at_most_slots_at_once_and_cheap_ones_do_not_wait(
    served: tuple[httpx.AsyncClient, Gated, int],
) -> None:
    http, gated, slots = served
    heavy = [asyncio.create_task(http.post("/graphql", json=HEAVY)) for _ in range(slots + 2)]
    while gated.running < slots:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)  # room for a request that would overtake its turn
    cheap = (await http.post("/graphql", json=CHEAP)).json()
    assert cheap["data"] == {"person": {"name": "Ada Park"}}
    assert gated.running == gated.most == slots
    assert not any(task.done() for task in heavy)
    gated.gate.set()
    answers = [(await task).json() for task in heavy]
    assert all("errors" not in a and a["extensions"]["cost"] >= 200 for a in answers)
    assert gated.most == slots
