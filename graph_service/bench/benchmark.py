"""`graph-service bench`: generate a synthetic network, bulk-load it, time introduction paths.

The steps, each timed on its own: generate (graph_service.synthetic), load into the configured
store (the memory store's own import into a fresh data directory; the project's own local Neo4j
through the offline importer, `offline_load`; any other Neo4j cleared, schema applied, then batched
writes in many transactions, `bulk_load`), start the real service as a subprocess on a free
port, and send a fixed mix of company-target `introductionPaths` queries over HTTP, one at a
time on one keep-alive connection. With Neo4j each query also runs through the driver alone
(the statement and parameters the store sends), alternating which goes first, so the two sets
of samples see the same cache and the same noise. Each probe is also asked as
`mostSeniorReachable` (the product's headline question) in the same rotation. Then person reads
and `logReferral` writes from 8 concurrent clients (`read_bench`, `write_bench`); on Neo4j the
same writes also run on the memory store, loaded with the same network, for the ratio of the
two. A failed query or write is counted by its error code, never fatal. One JSON line goes to
stdout; progress to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import neo4j

from graph_service import __version__
from graph_service.bench import bulk_load, leaderboard_bench, offline_load, read_bench, write_bench
from graph_service.bench.load_client import BlockingConnection, ClientError
from graph_service.bench.synthetic import generate, max_ties
from graph_service.domain.model import GraphDocument
from graph_service.domain.paths import PathQuery
from graph_service.neo4j_local.jars import LocalNeo4jError, cache_dir, tail
from graph_service.progress import progress_bar
from graph_service.settings import Settings, SettingsError

WARMUP_QUERIES = 20
READY_TIMEOUT_SECONDS = 900.0
HTTP_TIMEOUT_SECONDS = 120.0
PATHS_QUERY = (
    "query($from: ID!, $company: ID!) { introductionPaths(fromId: $from, target: {companyId: $company}, "
    "maxHops: 3, first: 5, perTarget: 1, orderBy: SHORTEST) "
    "{ hops strength target { person { id } } people { id } } }"
)
# The headline question, on the same probes: the most senior person there within three hops.
MOST_SENIOR_QUERY = (
    "query($from: ID!, $company: ID!) { mostSeniorReachable(fromId: $from, companyId: $company, maxHops: 3) "
    "{ hops strength target { person { id } } people { id } } }"
)


class BenchmarkError(Exception):
    """The run cannot go on; the message says what failed."""


@dataclass(frozen=True)
class Probe:
    """One introduction-path query: a candidate and a target company."""

    candidate: str
    company: str


@dataclass
class Timings:
    seconds: list[float]
    too_broad: int = 0
    empty: int = 0
    errors: Counter[str] = field(default_factory=Counter)


def run_benchmark(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    if args.people < 2 or not 0 <= args.ties <= max_ties(args.people):
        raise SettingsError(
            f"--people must be at least 2 and --ties from 0 to people*(people-1)/2; got {args.people}, {args.ties}"
        )
    if args.queries < 1:
        raise SettingsError(f"--queries must be at least 1; got {args.queries}")
    if args.referrals < 0:
        raise SettingsError(f"--referrals must be 0 or more; got {args.referrals}")
    leaderboard = getattr(args, "leaderboard_referrals", 0)
    if leaderboard < 0:
        raise SettingsError(f"--leaderboard-referrals must be 0 or more; got {leaderboard}")
    workers = service_workers(args, settings)
    try:
        report = _run(
            args.people,
            args.ties,
            args.queries,
            args.seed,
            settings,
            {**env, "GRAPH_SERVICE_WORKERS": str(workers)},
            args.referrals,
            leaderboard,
        )
    except BenchmarkError as error:
        print(f"graph-service bench: {error}", file=sys.stderr)
        return 1
    print(json.dumps(report), flush=True)
    return 0


# Person reads: ten per probe, at most this many (a p99 over 30 requests at the default --queries).
PERSON_READS = 3000


def _warmup(probes: Sequence[Probe]) -> float:
    """The concurrent phases' untimed warm-up: 8 s, or 1 s for a smoke run of under 100 queries."""
    return read_bench.WARMUP_SECONDS if len(probes) >= 100 + WARMUP_QUERIES else 1.0


def service_workers(args: argparse.Namespace, settings: Settings) -> int:
    """`--workers`, else what `serve` would run (GRAPH_SERVICE_WORKERS, default 1); checked by
    `Settings` as `serve --workers` is."""
    workers: int | None = getattr(args, "workers", None)
    return settings.workers if workers is None else replace(settings, workers=workers).workers


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _run(
    people: int,
    ties: int,
    queries: int,
    seed: int,
    settings: Settings,
    env: Mapping[str, str],
    writes: int,
    leaderboard: int = 0,
) -> dict[str, Any]:
    _say(f"generating {people} people and {ties} ties (seed {seed})")
    began = time.perf_counter()
    document = generate(people, ties, seed=seed)
    generate_seconds = time.perf_counter() - began
    probes = choose_probes(document, WARMUP_QUERIES + queries, seed=seed)
    shape = {
        "people": len(document.people),
        "ties": len(document.ties),
        "companies": len(document.companies),
        "employments": len(document.employments),
    }
    load_rows = sum(shape.values())
    _say(f"generated in {generate_seconds:.1f} s; loading {load_rows} rows into the {settings.store} store")
    workdir = Path(tempfile.mkdtemp(prefix="graph-service-bench-"))
    try:
        service_env = dict(env)
        service_env["GRAPH_SERVICE_STORE"] = settings.store
        hiring = leaderboard_bench.hiring_records(document, leaderboard, seed=seed)
        if settings.store == "neo4j":
            load_path, load_by_kind, server_version = _into_neo4j(document, settings, env)
            load_seconds = sum(load_by_kind.values())
            if leaderboard:
                _say(f"loading {leaderboard} referrals and {len(hiring[1])} interviews for the leaderboard")
                with connect(settings) as loader:
                    leaderboard_bench.into_neo4j(loader, settings.neo4j_database, *hiring)
        else:
            loaded = replace(document, referrals=hiring[0], interviews=hiring[1]) if leaderboard else document
            load_seconds = bulk_load.into_memory(loaded, workdir / "data")
            service_env["GRAPH_SERVICE_DATA_DIR"] = str(workdir / "data")
            load_path, load_by_kind, server_version = "memory import", None, None
        # A referral may not go to the candidate's own employer: the writes need to know them.
        asked = {p.candidate for p in probes}
        employers: dict[str, set[str]] = {person: set() for person in asked}
        for job in document.employments:
            if job.is_current and job.person_id in asked:
                employers[job.person_id].add(job.company_id)
        _say(f"loaded in {load_seconds:.1f} s ({load_rows / load_seconds:.0f} rows/s)")
        measured = _measure(probes, settings, service_env, workdir, writes, employers, bool(leaderboard))
        if settings.store == "neo4j" and writes:
            compared = _memory_writes(document, probes, settings, env, workdir, writes, employers)
            neo4j_rate = measured[4]["log_referral_per_second"]
            compared["log_referral_neo4j_to_memory_ratio"] = round(
                neo4j_rate / compared["memory_log_referral_per_second"], 3
            )
            measured[4].update(compared)
        del document
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    http, most_senior, driver, start_seconds, written = measured
    http_p50 = percentile(http.seconds, 50)
    driver_p50 = percentile(driver.seconds, 50) if driver is not None else None
    return {
        **shape,
        "store": settings.store,
        "seed": seed,
        "generate_seconds": round(generate_seconds, 3),
        "load_seconds": round(load_seconds, 3),
        "load_rows_per_second": round(load_rows / load_seconds, 1),
        "load_path": load_path,
        "load_seconds_by_kind": (
            {kind: round(t, 3) for kind, t in load_by_kind.items()} if load_by_kind is not None else None
        ),
        "service_start_seconds": round(start_seconds, 3),
        "service_workers": int(env["GRAPH_SERVICE_WORKERS"]),
        "queries": queries,
        "warmup_queries": WARMUP_QUERIES,
        "http_p50_ms": _ms(http_p50),
        "http_p99_ms": _ms(percentile(http.seconds, 99)),
        "http_max_ms": _ms(max(http.seconds)),
        "driver_p50_ms": _ms(driver_p50) if driver_p50 is not None else None,
        "driver_p99_ms": _ms(percentile(driver.seconds, 99)) if driver is not None else None,
        "http_to_driver_p50_ratio": round(http_p50 / driver_p50, 3) if driver_p50 else None,
        "too_broad": http.too_broad,
        "most_senior_http_p50_ms": _ms(percentile(most_senior.seconds, 50)),
        "most_senior_http_p99_ms": _ms(percentile(most_senior.seconds, 99)),
        "most_senior_too_broad": most_senior.too_broad,
        "most_senior_empty_results": most_senior.empty,
        "driver_too_broad": driver.too_broad if driver is not None else None,
        "errors": dict(http.errors),
        "driver_errors": dict(driver.errors) if driver is not None else None,
        "empty_results": http.empty,
        "python": platform.python_version(),
        "neo4j_driver": neo4j.__version__,
        "neo4j_server": server_version,
        "graph_service": __version__,
        **written,
    }


def _into_neo4j(
    document: GraphDocument, settings: Settings, env: Mapping[str, str]
) -> tuple[str, dict[str, float], str]:
    """The offline importer into the project's own local Neo4j, else Cypher batches: which path
    ran, the seconds of its steps (offline) or kinds (Cypher), and the server's version."""
    home = offline_load.local_home(settings)
    with progress_bar("bench load") as tell:
        if home is None:
            _say(f"loading with Cypher batches (not the local Neo4j of {settings.data_dir})")
            seconds, server = bulk_load.into_neo4j(document, settings, driver=connect, say=_say, tell=tell)
            return "cypher", seconds, server
        _say(f"loading with the offline importer into the local Neo4j at {home}")
        try:
            seconds, server = offline_load.into_local_neo4j(
                document, settings, home, cache=cache_dir(env), driver=connect, say=_say, tell=tell
            )
        except LocalNeo4jError as error:
            raise BenchmarkError(str(error)) from None
        return "offline import", seconds, server


def choose_probes(document: GraphDocument, count: int, *, seed: int) -> list[Probe]:
    """Candidates uniformly among people; target companies weighted by their current staff."""
    rng = random.Random(f"probes-{seed}")
    staff = Counter(e.company_id for e in document.employments if e.is_current)
    companies = sorted(staff)
    weights = [staff[c] for c in companies]
    candidates = [rng.choice(document.people).id for _ in range(count)]
    targets = rng.choices(companies, weights, k=count)
    return [Probe(p, c) for p, c in zip(candidates, targets, strict=True)]


def percentile(samples: Sequence[float], p: float) -> float:
    """Nearest rank: the smallest sample with at least p% of the samples at or below it."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


# loading


@contextlib.contextmanager
def _quiet_notifications() -> Iterator[None]:
    """The driver logs every server notification as a warning; keep them off the bench's stderr."""
    logger = logging.getLogger("neo4j.notifications")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def connect(settings: Settings) -> neo4j.Driver:
    """A driver to the configured Neo4j, known to answer; else BenchmarkError."""
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    try:
        driver = neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth)
        driver.verify_connectivity()
    except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as error:
        raise BenchmarkError(f"cannot reach Neo4j at {settings.neo4j_uri}: {error}") from None
    return driver


# measuring


def _measure(
    probes: list[Probe],
    settings: Settings,
    service_env: dict[str, str],
    workdir: Path,
    writes: int,
    employers: Mapping[str, set[str]],
    leaderboard: bool = False,
) -> tuple[Timings, Timings, Timings | None, float, dict[str, Any]]:
    with serving(service_env, workdir / "service.log") as served:
        base_url, start_seconds = served.url, served.ready_seconds
        headers = _headers(settings)
        with BlockingConnection(base_url, headers, timeout=HTTP_TIMEOUT_SECONDS) as client:
            ask_http = _http_asker(client, PATHS_QUERY, "introductionPaths")
            ask_most_senior = _http_asker(client, MOST_SENIOR_QUERY, "mostSeniorReachable")
            if settings.store != "neo4j":
                _say(
                    f"{WARMUP_QUERIES} warm-up and {len(probes) - WARMUP_QUERIES} timed queries over HTTP, "
                    "each as SHORTEST and as mostSeniorReachable"
                )
                http, most_senior = _time_each(probes, [ask_http, ask_most_senior])
                direct = None
            else:
                with connect(settings) as driver, _quiet_notifications():
                    ask_driver = _driver_asker(driver, settings)
                    _say(
                        f"{WARMUP_QUERIES} warm-up and {len(probes) - WARMUP_QUERIES} timed queries, "
                        "each over HTTP, through the driver alone, and as mostSeniorReachable"
                    )
                    http, direct, most_senior = _time_each(probes, [ask_http, ask_driver, ask_most_senior])
        people = sorted({p.candidate for p in probes})
        reads = min(PERSON_READS, 10 * len(probes))
        _say(f"{reads} person reads from {read_bench.CONCURRENCY} concurrent clients, after a warm-up")
        written: dict[str, Any] = asyncio.run(
            read_bench.person_reads(
                base_url, headers, people, count=reads, seed=len(probes), warmup_seconds=_warmup(probes)
            )
        )
        if writes:
            _say(f"{writes} logReferral writes from {write_bench.CONCURRENCY} concurrent clients")
            written |= _referral_writes(base_url, headers, probes, writes, employers)
        if leaderboard:
            _say("referrerLeaderboard, one request at a time")
            written |= leaderboard_bench.timings(base_url, headers)
        return http, most_senior, direct, start_seconds, written


def _headers(settings: Settings) -> dict[str, str]:
    headers = {"accept": "application/json"}
    if settings.api_token is not None:
        headers["authorization"] = f"Bearer {settings.api_token}"
    return headers


def _referral_writes(
    base_url: str,
    headers: dict[str, str],
    probes: list[Probe],
    writes: int,
    employers: Mapping[str, set[str]],
) -> dict[str, Any]:
    people = sorted({p.candidate for p in probes})
    companies = sorted({p.company for p in probes})
    try:
        return asyncio.run(
            write_bench.referral_writes(
                base_url,
                headers,
                people,
                companies,
                employers,
                count=writes,
                seed=len(probes),
                warmup_seconds=_warmup(probes),
            )
        )
    except write_bench.WriteError as error:
        raise BenchmarkError(str(error)) from None


def _memory_writes(
    document: GraphDocument,
    probes: list[Probe],
    settings: Settings,
    env: Mapping[str, str],
    workdir: Path,
    writes: int,
    employers: Mapping[str, set[str]],
) -> dict[str, Any]:
    """The same writes on the embedded store, loaded with the same network, for the ratio."""
    data_dir = workdir / "memory-data"
    bulk_load.into_memory(document, data_dir)
    memory_env = {
        **env,
        "GRAPH_SERVICE_STORE": "memory",
        "GRAPH_SERVICE_DATA_DIR": str(data_dir),
        "GRAPH_SERVICE_WORKERS": "1",
    }
    with serving(memory_env, workdir / "memory-service.log") as served:
        base_url = served.url
        _say(f"the same {writes} logReferral writes on the memory store")
        written = _referral_writes(base_url, _headers(settings), probes, writes, employers)
    return {f"memory_{key}": value for key, value in written.items()}


Asker = Callable[[Probe], "str | None"]


def _http_asker(client: BlockingConnection, query: str, field: str) -> Asker:
    """Send one query; return "too_broad", "empty", "error:CODE" (any other failure) or None."""

    def ask(probe: Probe) -> str | None:
        body = {"query": query, "variables": {"from": probe.candidate, "company": probe.company}}
        try:
            status, answer = client.post("/graphql", body)
        except ClientError as error:
            return f"error:{error.kind}"
        if not isinstance(answer, dict):
            return f"error:HTTP_{status}"
        errors = answer.get("errors") or []
        codes = {(e.get("extensions") or {}).get("code") for e in errors}
        if errors and codes == {"SEARCH_TOO_BROAD"}:
            return "too_broad"
        if errors or status != 200:
            return f"error:{sorted(map(str, codes))[0] if codes else f'HTTP_{status}'}"
        return None if answer["data"][field] else "empty"

    return ask


def _driver_asker(driver: neo4j.Driver, settings: Settings) -> Asker:
    from graph_service.store.neo4j import paths_cypher

    def ask(probe: Probe) -> str | None:
        query = PathQuery(from_id=probe.candidate, target_company_id=probe.company, max_hops=3, first=5)
        statement, params = paths_cypher.statement(query)
        try:
            # Auto-commit, as the store runs it: a search past its bounds is not retried.
            with driver.session(
                database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                result = session.run(neo4j.Query(statement, timeout=settings.search_timeout_seconds), params)
                records = list(result)
        except (neo4j.exceptions.ClientError, neo4j.exceptions.TransientError) as error:
            if error.code and ("TransactionTimedOut" in error.code or "MemoryPoolOutOfMemory" in error.code):
                return "too_broad"
            return f"error:{error.code}"
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as error:
            return f"error:{type(error).__name__}"
        if len(records) > paths_cypher.ROW_LIMIT:
            return "too_broad"  # the store refuses a result this large
        return None if records else "empty"

    return ask


def _time_each(probes: list[Probe], askers: list[Asker]) -> list[Timings]:
    """Each probe through every asker, taking turns at going first; warm-up probes not counted."""
    timings = [Timings([]) for _ in askers]
    for index, probe in enumerate(probes):
        turns = list(zip(askers, timings, strict=True))
        for ask, timed in turns[index % len(turns) :] + turns[: index % len(turns)]:
            began = time.perf_counter()
            outcome = ask(probe)
            elapsed = time.perf_counter() - began
            if index >= WARMUP_QUERIES:
                _count(timed, elapsed, outcome)
    return timings


def _count(timings: Timings, elapsed: float, outcome: str | None) -> None:
    timings.seconds.append(elapsed)
    if outcome == "too_broad":
        timings.too_broad += 1
    elif outcome == "empty":
        timings.empty += 1
    elif outcome is not None and outcome.startswith("error:"):
        timings.errors[outcome.removeprefix("error:")] += 1


@dataclass(frozen=True)
class Served:
    url: str
    ready_seconds: float
    """From the process's start to /readyz answering 200 (the store opened, statements planned)."""
    pid: int


@contextlib.contextmanager
def serving(environ: Mapping[str, str], log_path: Path, *, seed: bool = False) -> Iterator[Served]:
    """The real service in a subprocess on a free loopback port (with the demo seed when `seed`),
    stopped on exit whatever happens."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "graph_service", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if seed:
        command += ["--seed", "demo"]
    _say(f"starting the service: graph_service serve --port {port}")
    began = time.perf_counter()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, env=environ, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        _wait_ready(process, base_url, log_path)
        seconds = time.perf_counter() - began
        _say(f"service ready after {seconds:.1f} s at {base_url}")
        yield Served(base_url, seconds, process.pid)
    except BenchmarkError:
        _say(f"the service's log ends:\n{tail(log_path)}")
        raise
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, so the service shuts down gracefully; SIGKILL if it has not within 15 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_ready(process: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"the service exited with status {process.returncode} before it was ready")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=5.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise BenchmarkError(f"the service was not ready after {READY_TIMEOUT_SECONDS:.0f} s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
