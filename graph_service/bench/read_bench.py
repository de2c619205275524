"""The person-read half of `graph-service bench`: one person with current employments and ties,
from 8 concurrent clients through the running service (p50, p99, requests per second)."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from graph_service.bench.latency import summary
from graph_service.bench.load_client import ClientError, Connection, warm_up

PERSON_READ = """query($id: ID!) { person(id: $id) { name
  employments(currentOnly: true) { title company { name } }
  ties(first: 100) { edges { node { person { id } strength } } } } }"""
CONCURRENCY = 8
# Untimed reads first, for this long (`load_client.warm_up`): every service process and Neo4j have
# run the statement for a while, and its page cache holds the people, before the clock starts.
WARMUP_SECONDS = 20.0


async def person_reads(
    base_url: str,
    headers: dict[str, str],
    people: Sequence[str],
    *,
    count: int,
    seed: int,
    warmup_seconds: float = WARMUP_SECONDS,
) -> dict[str, Any]:
    rng = random.Random(seed)
    chosen = list(people)
    latencies: list[float] = []
    errors: Counter[str] = Counter()

    async def reads(how_many: int) -> float:
        queue = [rng.choice(chosen) for _ in range(how_many)]

        async def client() -> None:
            async with Connection(base_url, headers) as connection:
                while queue:
                    person = queue.pop()
                    began = time.perf_counter()
                    error = await _read(connection, person)
                    latencies.append(time.perf_counter() - began)
                    if error is not None:
                        errors[error] += 1

        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
        return time.perf_counter() - began

    await warm_up(
        base_url,
        headers,
        lambda: {"query": PERSON_READ, "variables": {"id": rng.choice(chosen)}},
        seconds=warmup_seconds,
        clients=CONCURRENCY,
    )
    elapsed = await reads(count)
    return {
        "person_read_requests": count,
        **summary("person_read", latencies, count=count, elapsed=elapsed, concurrency=CONCURRENCY),
        "person_read_errors": dict(errors),
    }


async def _read(client: Connection, person: str) -> str | None:
    """None when the read answered; otherwise the error's code (or the transport's error)."""
    try:
        status, body = await client.post("/graphql", {"query": PERSON_READ, "variables": {"id": person}})
    except ClientError as error:
        return error.kind
    if not isinstance(body, dict):
        return f"HTTP_{status}"
    errors = body.get("errors") or []
    if errors:
        return str((errors[0].get("extensions") or {}).get("code"))
    return None
