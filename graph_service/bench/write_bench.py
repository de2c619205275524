"""The write half of `graph-service bench`: logReferral throughput through the running service.

Distinct referrals with distinct idempotency keys from a few concurrent clients, then a replay of
some of them with their keys, which must answer `replayed: true` and store nothing.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from graph_service.bench.latency import summary
from graph_service.bench.load_client import ClientError, Connection, warm_up

LOG_REFERRAL = """mutation($input: LogReferralInput!) {
  logReferral(input: $input) { replayed referral { id } } }"""
CONCURRENCY = 8
REPLAYS = 50
# Untimed writes first, for this long, with keys of their own (`load_client.warm_up`).
WARMUP_SECONDS = 20.0


class WriteError(Exception):
    """The service broke the idempotency contract: the measurement stops. (A write that fails is
    only counted, by its error code.)"""


async def referral_writes(
    base_url: str,
    headers: dict[str, str],
    people: Sequence[str],
    companies: Sequence[str],
    employers: Mapping[str, set[str]],
    *,
    count: int,
    seed: int,
    warmup_seconds: float = WARMUP_SECONDS,
) -> dict[str, Any]:
    rng = random.Random(seed)

    def referral(key: str) -> dict[str, Any]:
        referrer, candidate = rng.sample(list(people), 2)
        elsewhere = [c for c in companies if c not in employers.get(candidate, set())]
        return {"referrerId": referrer, "candidateId": candidate, "companyId": rng.choice(elsewhere),
                "roleTitle": "Bench role", "idempotencyKey": key}  # fmt: skip

    warm = itertools.count()
    await warm_up(
        base_url,
        headers,
        lambda: {"query": LOG_REFERRAL, "variables": {"input": referral(f"bench-{seed}-warm-{next(warm)}")}},
        seconds=warmup_seconds,
        clients=CONCURRENCY,
    )
    inputs = [referral(f"bench-{seed}-{i}") for i in range(count)]
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    failed: set[str] = set()
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for given in inputs:
        queue.put_nowait(given)

    async def worker() -> None:
        async with Connection(base_url, headers) as client:
            while not queue.empty():
                given = queue.get_nowait()
                began = time.perf_counter()
                answer, error = await _log(client, given)
                latencies.append(time.perf_counter() - began)
                if error is not None:
                    errors[error] += 1
                    failed.add(given["idempotencyKey"])
                elif answer is not None and answer["replayed"]:
                    raise WriteError(f"a new key was answered as a replay: {given['idempotencyKey']}")

    async def replay(given: dict[str, Any]) -> dict[str, Any] | None:
        async with Connection(base_url, headers) as client:
            return (await _log(client, given))[0]

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    elapsed = time.perf_counter() - began
    stored = [given for given in inputs if given["idempotencyKey"] not in failed][:REPLAYS]
    replays = await asyncio.gather(*(replay(given) for given in stored))
    if not all(answer["replayed"] for answer in replays if answer is not None):
        raise WriteError("a repeated key with the same input was stored again")
    return {
        "log_referral_writes": count,
        **summary("log_referral", latencies, count=count, elapsed=elapsed, concurrency=CONCURRENCY),
        "log_referral_replays_checked": len(replays),
        "log_referral_errors": dict(errors),
    }


async def _log(client: Connection, given: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """The write's answer, or the error's code (or the transport's error)."""
    try:
        status, body = await client.post("/graphql", {"query": LOG_REFERRAL, "variables": {"input": given}})
    except ClientError as error:
        return None, error.kind
    if not isinstance(body, dict):
        return None, f"HTTP_{status}"
    if body.get("errors"):
        return None, str((body["errors"][0].get("extensions") or {}).get("code"))
    answer: dict[str, Any] = body["data"]["logReferral"]
    return answer, None
