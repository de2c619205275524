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

PERSON_READ = """query($id: ID!) { person(id: $id) { name
  employments(currentOnly: true) { title company { name } } ties { person { id } strength } } }"""
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
    latencies.sort()
    return {
        "person_read_requests": count,
        "person_read_concurrency": CONCURRENCY,
        "person_read_per_second": round(count / elapsed, 1),
        "person_read_p50_ms": round(latencies[len(latencies) // 2] * 1000, 3),
        "person_read_p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 3),
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
