"""The memory store loses no acknowledged write when its server is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.servers import free_port, wait_ready


@contextmanager
def running_server(data_dir: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    env = {**os.environ, "GRAPH_SERVICE_STORE": "memory", "GRAPH_SERVICE_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_service", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(process, url, seconds=30)
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_acknowledged_writes_survive_kill_9(tmp_path: Path) -> None:
    created = []
    with running_server(tmp_path) as (process, url), httpx.Client(base_url=url) as client:
        for i in range(40):
            response = client.post(
                "/graphql",
                json={
                    "query": f'mutation {{ createPerson(input: {{id: "p{i}", name: "Person {i}"}}) {{ id }} }}'
                },
            )
            assert response.json()["data"] == {"createPerson": {"id": f"p{i}"}}
            created.append(f"p{i}")
        tie = client.post(
            "/graphql",
            json={
                "query": 'mutation { connect(input: {aId: "p0", bId: "p1", context: FRIEND, strength: 0.7}) { strength } }'
            },
        )
        assert tie.json()["data"] == {"connect": {"strength": 0.7}}
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    with running_server(tmp_path) as (_, url), httpx.Client(base_url=url) as client:
        body = client.post(
            "/graphql",
            json={
                "query": '{ people(first: 100) { totalCount edges { node { id } } } person(id: "p0") { ties { edges { node { strength person { id } } } } } }'
            },
        ).json()
    assert body["data"]["people"]["totalCount"] == 40
    assert sorted(e["node"]["id"] for e in body["data"]["people"]["edges"]) == sorted(created)
    assert body["data"]["person"]["ties"]["edges"] == [{"node": {"strength": 0.7, "person": {"id": "p1"}}}]
