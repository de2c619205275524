"""`graph-service serve --workers N`: N processes on one port with a socket each, counted as one
service by `/metrics`; a worker that dies is replaced while the others answer; SIGTERM stops them
all; the embedded store refuses more than one."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph_service.app import workers_ready
from graph_service.settings import Settings
from tests.servers import free_port, service_environ, wait_ready

# A service on Neo4j plans every statement shape before it is ready: slow on a busy machine.
STARTUP_SECONDS = 240
PERSON = '{ person(id: "ada") { id name } }'


def _workers(parent: int) -> set[int]:
    """The worker processes (spawned interpreters; not multiprocessing's resource tracker)."""
    listed = subprocess.run(
        ["ps", "-ww", "-o", "pid=,args=", "--ppid", str(parent)], capture_output=True, text=True
    )
    return {int(line.split()[0]) for line in listed.stdout.splitlines() if "spawn_main" in line}


def _requests_counted(metrics: str) -> float:
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith('graph_service_requests_total{operation="query person"')
    )


async def _read_on_fresh_connections(url: str, count: int) -> list[int]:
    """`count` person reads, each on a connection of its own (a new one for the kernel to place)."""

    async def one() -> int:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            response = await client.post("/graphql", json={"query": PERSON})
            return response.status_code

    return list(await asyncio.gather(*(one() for _ in range(count))))


@pytest.mark.neo4j
async def test_workers_serve_as_one_service_and_a_dead_worker_is_replaced(
    empty_neo4j: Settings, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graph_service",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--seed",
            "demo",
        ],
        env=service_environ(empty_neo4j, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(process, url, seconds=STARTUP_SECONDS)
        workers = _workers(process.pid)
        assert len(workers) == 2

        statuses = await _read_on_fresh_connections(url, 60)
        assert statuses == [200] * 60
        # Whichever worker answers /metrics counts the requests of both.
        for _ in range(4):
            assert _requests_counted(httpx.get(f"{url}/metrics").text) == 60

        # Each worker has its own socket, so fresh connections reach both: each spent CPU on them.
        used = {pid: _cpu_ticks(pid) for pid in workers}
        await _read_on_fresh_connections(url, 100)
        assert all(_cpu_ticks(pid) > used[pid] for pid in workers)

        killed = min(workers)
        os.kill(killed, signal.SIGKILL)
        while _alive(killed):  # its socket closes with it (what was queued there is lost)
            time.sleep(0.05)
        # The other worker answers at once, and the parent starts a replacement, which takes
        # connections only once it has started.
        statuses = await _read_on_fresh_connections(url, 20)
        assert statuses == [200] * 20
        deadline = time.monotonic() + STARTUP_SECONDS
        while len(_workers(process.pid) - {killed}) < 2:
            assert time.monotonic() < deadline, "the dead worker was not replaced"
            time.sleep(0.2)
        wait_ready(process, url, seconds=STARTUP_SECONDS)

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert not _workers(process.pid)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.neo4j
def test_workers_do_not_outlive_a_killed_parent(empty_neo4j: Settings, tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_service", "serve", "--port", str(port), "--workers", "2"],
        env=service_environ(empty_neo4j, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(process, f"http://127.0.0.1:{port}", seconds=STARTUP_SECONDS)
        workers = _workers(process.pid)
        assert len(workers) == 2
    finally:
        process.kill()
        process.wait(timeout=10)
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() and _alive(pid) for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived its parent"
        time.sleep(0.2)
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)


def _alive(pid: int) -> bool:
    """Neither gone nor a zombie waiting for its reaper."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime and stime


def test_the_embedded_store_refuses_more_than_one_worker(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "graph_service", "serve", "--port", str(free_port()), "--workers", "2"],
        env={**os.environ, "GRAPH_SERVICE_STORE": "memory", "GRAPH_SERVICE_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "GRAPH_SERVICE_STORE=neo4j" in done.stderr
    assert not any(tmp_path.iterdir()), "nothing was opened"


def test_a_port_in_use_is_refused_before_any_worker_starts(tmp_path: Path) -> None:
    port = free_port()
    with socket.create_server(("127.0.0.1", port)):
        done = subprocess.run(
            [sys.executable, "-m", "graph_service", "serve", "--port", str(port), "--workers", "2"],
            env={
                **os.environ,
                "GRAPH_SERVICE_STORE": "neo4j",
                "GRAPH_SERVICE_DATA_DIR": str(tmp_path),
                "GRAPH_SERVICE_NEO4J_URI": "bolt://127.0.0.1:9",
            },  # nothing there: never reached
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr


def test_a_principals_budget_is_shared_out_among_the_workers() -> None:
    assert Settings(store="neo4j", rate_limit=100, workers=3).cost_per_minute_per_worker == 34
    assert Settings(rate_limit=100).cost_per_minute_per_worker == 100
    assert Settings.from_environ({"GRAPH_SERVICE_STORE": "neo4j", "GRAPH_SERVICE_WORKERS": "4"}).workers == 4


def test_ready_workers_are_the_live_ones_that_left_their_mark(tmp_path: Path) -> None:
    (tmp_path / str(os.getpid())).touch()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (tmp_path / str(gone.pid)).touch()
    assert workers_ready(tmp_path) == 1
