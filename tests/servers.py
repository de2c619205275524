"""The service as real uvicorn processes on free ports, for tests that need a real socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from graph_service.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(process: subprocess.Popen[bytes], url: str, *, seconds: float) -> None:
    """Poll `/readyz` until it answers 200; fail if the process exits or `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert process.poll() is None, "the server exited during start-up"
        assert time.monotonic() < deadline, f"the server did not become ready in {seconds:g} s"
        time.sleep(0.1)


def service_environ(settings: Settings, data_dir: Path) -> dict[str, str]:
    """The environment that makes a process open the same store as `settings`."""
    environ = {
        **os.environ,
        "GRAPH_SERVICE_STORE": settings.store,
        "GRAPH_SERVICE_DATA_DIR": str(data_dir),
        "GRAPH_SERVICE_NEO4J_URI": settings.neo4j_uri,
    }
    if settings.neo4j_password:
        environ["GRAPH_SERVICE_NEO4J_PASSWORD"] = settings.neo4j_password
    if settings.api_token:
        environ["GRAPH_SERVICE_API_TOKEN"] = settings.api_token
    return environ


def run_cli(settings: Settings, data_dir: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "graph_service", *args],
        env=service_environ(settings, data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"graph-service {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


@contextmanager
def running_service(
    settings: Settings, data_dir: Path, *, seed: bool = True, ready_seconds: float = 60
) -> Iterator[str]:
    """A served process on the settings' store (the demo seed loaded when empty); yields its URL."""
    port = free_port()
    command = [sys.executable, "-m", "graph_service", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--seed", "demo"] if seed else command,
        env=service_environ(settings, data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(process, url, seconds=ready_seconds)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
