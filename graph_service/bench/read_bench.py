"""The person-read half of `graph-service bench`: one person with current employments and ties,
from 8 concurrent clients through the running service (p50, p99, requests per second)."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import httpx

from graph_service.bench.latency import summary

PERSON_READ = """query($id: ID!) { person(id: $id) { name
  employments(currentOnly: true) { title company { name } }
  ties(first: 100) { edges { node { person { id } strength } } } } }"""
CONCURRENCY = 8


async def person_reads(
    base_url: str, headers: dict[str, str], people: Sequence[str], *, count: int, seed: int
) -> dict[str, Any]:
    rng = random.Random(seed)
    queue: asyncio.Queue[str] = asyncio.Queue()
    for _ in range(count):
        queue.put_nowait(rng.choice(list(people)))
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as client:

        async def worker() -> None:
            while not queue.empty():
                person = queue.get_nowait()
                began = time.perf_counter()
                error = await _read(client, person)
                latencies.append(time.perf_counter() - began)
                if error is not None:
                    errors[error] += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - began
    return {
        "person_read_requests": count,
        **summary("person_read", latencies, count=count, elapsed=elapsed, concurrency=CONCURRENCY),
        "person_read_errors": dict(errors),
    }


async def _read(client: httpx.AsyncClient, person: str) -> str | None:
    """None when the read answered; otherwise the error's code (or the transport's error)."""
    try:
        response = await client.post("/graphql", json={"query": PERSON_READ, "variables": {"id": person}})
        body = response.json()
    except (httpx.HTTPError, ValueError) as error:
        return type(error).__name__
    errors = body.get("errors") or []
    if errors:
        return str((errors[0].get("extensions") or {}).get("code"))
    return None
