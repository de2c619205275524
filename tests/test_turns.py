"""Heavy requests' turns shared by the workers of `serve --workers`: one turn is taken by one
worker at a time, and a worker that dies holding one gives it back."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path

from graph_service.api.turns import Turns


async def test_one_turn_is_held_by_one_worker_at_a_time(tmp_path: Path) -> None:
    first, second = Turns(1, tmp_path), Turns(1, tmp_path)  # as two workers
    order: list[str] = []

    async def heavy(turns: Turns, name: str) -> None:
        async with turns.turn():
            order.append(f"{name} starts")
            await asyncio.sleep(0.1)
            order.append(f"{name} ends")

    await asyncio.gather(heavy(first, "a"), heavy(second, "b"), heavy(first, "c"))
    assert len(order) == 6
    for start in range(0, 6, 2):  # never two at once
        assert order[start].endswith("starts") and order[start + 1].endswith("ends")
        assert order[start].split()[0] == order[start + 1].split()[0]


async def test_two_turns_let_two_workers_run_at_once(tmp_path: Path) -> None:
    first, second = Turns(2, tmp_path), Turns(2, tmp_path)
    running = 0
    most = 0

    async def heavy(turns: Turns) -> None:
        nonlocal running, most
        async with turns.turn():
            running += 1
            most = max(most, running)
            await asyncio.sleep(0.1)
            running -= 1

    await asyncio.gather(heavy(first), heavy(second), heavy(first), heavy(second))
    assert most == 2


async def test_a_worker_killed_during_its_turn_gives_it_back(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD.format(folder=str(tmp_path))], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "holding"
    turns = Turns(1, tmp_path)
    waiting = asyncio.ensure_future(_take_once(turns))
    await asyncio.sleep(0.2)
    assert not waiting.done(), "the turn was taken while another process held it"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    holder.stdout.close()
    began = time.monotonic()
    await asyncio.wait_for(waiting, timeout=5)
    assert time.monotonic() - began < 5


async def _take_once(turns: Turns) -> None:
    async with turns.turn():
        pass


_HOLD = """
import asyncio, time
from pathlib import Path
from graph_service.api.turns import Turns

async def hold():
    async with Turns(1, Path({folder!r})).turn():
        print("holding", flush=True)
        time.sleep(600)

asyncio.run(hold())
"""


def test_heavy_means_a_costly_search_or_a_very_costly_anything() -> None:
    from graphql import parse

    from graph_service.api.cost import measure
    from graph_service.api.guard import is_heavy
    from graph_service.api.schema import build_schema
    from graph_service.bench import read_bench, stress
    from graph_service.settings import Settings

    schema = build_schema(Settings())._schema

    def heavy(document: str, **variables: object) -> bool:
        return is_heavy(measure(schema, parse(document), operation_name=None, variables=variables))

    assert heavy(stress.PATHS, **{"from": "a", "company": "b", "order": "SHORTEST"})  # maxHops 6
    assert heavy(stress.PEOPLE)  # a hundred people with twenty ties each
    assert not heavy(read_bench.PERSON_READ, id="a")  # a person with a hundred ties
    assert not heavy('{ introductionPaths(fromId: "a", target: {companyId: "b"}, maxHops: 3) { hops } }')
