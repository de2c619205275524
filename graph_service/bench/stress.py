"""`graph-service bench --stress`: many clients run the heaviest allowed requests; measure the rest.

It starts the real service (`graph-service serve --seed demo`, on the configured store, with the
rate limit off; Neo4j is cleared first, as the bench clears it, so that the seed goes in) on a free
loopback port, then for `--seconds` runs `--clients` concurrent clients that each send, in turn,
the heaviest requests the cost budget allows: six-hop STRONGEST and MOST_SENIOR path searches,
`mostSeniorReachable` at six hops, every candidate's interview ladder, and a page of 100 people
with their positions and 20 ties each. Meanwhile a probe in a process of its own (so that the
clients' work in this one does not delay its clock) asks for `/healthz` and for a person by id,
one after the other, and the service's resident memory is sampled every half second (`ps`). One
JSON line goes to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import multiprocessing.queues
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import neo4j

from graph_service.bench import bulk_load
from graph_service.bench.benchmark import BenchmarkError, connect, service_workers, serving
from graph_service.settings import Settings

CANDIDATES = ("cy-okafor", "dana-whitfield", "marisol-vega", "tomas-lindqvist", "jun-hale")
COMPANIES = ("kestrel-bio", "pinegate", "harbor-vine", "northwind")
PATHS = """query($from: ID!, $company: ID!, $order: PathOrder!) { introductionPaths(fromId: $from,
  target: {companyId: $company}, maxHops: 6, first: 20, orderBy: $order)
  { hops strength people { id name } steps { strength context } } }"""
SUMMIT = """query($from: ID!, $company: ID!) { mostSeniorReachable(fromId: $from, companyId: $company,
  maxHops: 6) { hops strength people { id } } }"""
LADDER = """query($from: ID!) { interviewLadder(candidateId: $from) { state furthestStage
  nextRung { hops people { id } } } }"""
PEOPLE = """{ people(first: 100) { edges { node { id name employments { title company { name } }
  ties(first: 20) { edges { node { strength person { id name } } } } } } } }"""
PERSON = '{ person(id: "cy-okafor") { id name } }'


def run_stress(args: argparse.Namespace, settings: Settings, environ: Mapping[str, str]) -> int:
    with tempfile.TemporaryDirectory(prefix="graph-service-stress-") as folder:
        workers = service_workers(args, settings)
        env = {**environ, "GRAPH_SERVICE_RATE_LIMIT": "off", "GRAPH_SERVICE_WORKERS": str(workers)}
        if settings.store == "memory":
            env["GRAPH_SERVICE_DATA_DIR"] = folder
        try:
            if settings.store == "neo4j":
                _clear(settings)
            with serving(env, Path(folder) / "service.log", seed=True) as served:
                headers = {"authorization": f"Bearer {settings.api_token}"} if settings.api_token else {}
                result = _measure(served.url, served.pid, headers, clients=args.clients, seconds=args.seconds)
        except BenchmarkError as error:
            print(f"stress: {error}", file=sys.stderr)
            return 1
        if "INTERNAL_SERVER_ERROR" in result["heavy_outcomes"]:
            print((Path(folder) / "service.log").read_text()[-6000:], file=sys.stderr)
    result = {
        "store": settings.store,
        "service_workers": workers,
        "clients": args.clients,
        "seconds": args.seconds,
        **result,
    }
    print(json.dumps(result, sort_keys=True))
    return 0


def _measure(
    base_url: str, pid: int, headers: dict[str, str], *, clients: int, seconds: float
) -> dict[str, Any]:
    stop = threading.Event()
    memory: list[int] = []

    def sample() -> None:
        while not stop.is_set():
            memory.append(_rss_kib(pid))
            time.sleep(0.5)

    spawn = multiprocessing.get_context("spawn")
    timings: multiprocessing.queues.Queue[tuple[list[float], list[float]]] = spawn.Queue()
    probe = spawn.Process(target=_probe, args=(base_url, headers, seconds, timings), daemon=True)
    sampler = threading.Thread(target=sample)
    probe.start()
    sampler.start()
    try:
        heavy, outcomes = asyncio.run(_load(base_url, headers, clients=clients, seconds=seconds))
        health, person = timings.get(timeout=120)
    finally:
        stop.set()
        sampler.join()
        probe.join(timeout=10)
    return {
        "heavy_requests": len(heavy),
        "heavy_ms": {"p50": _pct(heavy, 50), "p99": _pct(heavy, 99)},
        "heavy_outcomes": dict(outcomes),
        "healthz_ms": {"p50": _pct(health, 50), "p99": _pct(health, 99), "n": len(health)},
        "person_by_id_ms": {"p50": _pct(person, 50), "p99": _pct(person, 99), "n": len(person)},
        "service_rss_mib": {
            "max": round(max(memory, default=0) / 1024, 1),
            "last": round(memory[-1] / 1024, 1),
        },
    }


def _probe(
    base_url: str,
    headers: dict[str, str],
    seconds: float,
    timings: multiprocessing.queues.Queue[tuple[list[float], list[float]]],
) -> None:
    """In its own process: `/healthz`, then a person by id, in turn, until the load ends."""
    health: list[float] = []
    person: list[float] = []
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        while time.monotonic() < deadline:
            health.append(_timed(lambda: client.get("/healthz")))
            person.append(_timed(lambda: client.post("/graphql", json={"query": PERSON})))
            time.sleep(0.02)
    timings.put((health, person))


def _clear(settings: Settings) -> None:
    """The seed goes only into an empty store: Neo4j is cleared, as `graph-service bench` clears it."""
    with connect(settings) as driver:
        try:
            bulk_load.clear(driver, settings.neo4j_database)
        except neo4j.exceptions.Neo4jError as error:
            raise BenchmarkError(f"cannot clear Neo4j at {settings.neo4j_uri}: {error}") from None


async def _load(
    base_url: str, headers: dict[str, str], *, clients: int, seconds: float
) -> tuple[list[float], Counter[str]]:
    durations: list[float] = []
    outcomes: Counter[str] = Counter()
    deadline = time.monotonic() + seconds

    async def client(number: int) -> None:
        rng = random.Random(number)
        async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=120) as http:
            while time.monotonic() < deadline:
                body = _heavy(rng)
                began = time.perf_counter()
                response = await http.post("/graphql", json=body)
                durations.append((time.perf_counter() - began) * 1000)
                errors = response.json().get("errors") if response.status_code < 500 else None
                outcomes[
                    f"HTTP {response.status_code}" if response.status_code >= 500 else "ok"
                ] += not errors
                for error in errors or []:
                    outcomes[error.get("extensions", {}).get("code", "none")] += 1

    await asyncio.gather(*(client(n) for n in range(clients)))
    return durations, outcomes


def _heavy(rng: random.Random) -> dict[str, Any]:
    variables = {"from": rng.choice(CANDIDATES), "company": rng.choice(COMPANIES)}
    kind = rng.randrange(5)
    if kind == 0:
        return {"query": PATHS, "variables": {**variables, "order": "STRONGEST"}}
    if kind == 1:
        return {"query": PATHS, "variables": {**variables, "order": "MOST_SENIOR"}}
    if kind == 2:
        return {"query": SUMMIT, "variables": variables}
    if kind == 3:
        return {"query": LADDER, "variables": {"from": variables["from"]}}
    return {"query": PEOPLE}


def _timed(call: Any) -> float:
    began = time.perf_counter()
    call().raise_for_status()
    return (time.perf_counter() - began) * 1000


def _pct(values: list[float], percent: int) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, math.ceil(percent / 100 * len(ordered)) - 1)], 1)


def _rss_kib(pid: int) -> int:
    """The resident memory of the service: its process and, under `--workers`, its workers."""
    found = subprocess.run(["ps", "-o", "pid=,ppid=,rss=", "-e"], capture_output=True, text=True, check=False)
    rows = [tuple(int(n) for n in line.split()) for line in found.stdout.splitlines() if line.strip()]
    return sum(rss for process, parent, rss in rows if pid in (process, parent))
