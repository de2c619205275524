"""SIGTERM stops the service gracefully: it takes no new requests, finishes those in flight, exits,
and no write it acknowledged is lost, on either store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from graph_service.app import create_app
from graph_service.settings import Settings
from tests.servers import free_port, wait_ready

WRITERS = 8


def _environ(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "GRAPH_SERVICE_STORE": settings.store,
        "GRAPH_SERVICE_DATA_DIR": str(settings.data_dir),
        "GRAPH_SERVICE_NEO4J_URI": settings.neo4j_uri,
    }


async def test_sigterm_finishes_requests_in_flight_and_loses_no_acknowledged_write(
    settings: Settings, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_service", "serve", "--port", str(port)],
        env=_environ(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    acknowledged: list[str] = []
    refused = threading.Event()
    try:
        wait_ready(process, url, seconds=300)

        def writer(number: int) -> None:
            with httpx.Client(base_url=url, timeout=30) as client:
                for n in range(10_000):
                    person = f"w{number}-{n}"
                    mutation = f'mutation {{ createPerson(input: {{id: "{person}", name: "W"}}) {{ id }} }}'
                    try:
                        body = client.post("/graphql", json={"query": mutation}).json()
                    except httpx.TransportError:
                        refused.set()
                        return
                    assert body.get("data") == {"createPerson": {"id": person}}, body
                    acknowledged.append(person)

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
        for thread in threads:
            thread.start()
        while len(acknowledged) < 40:
            time.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        # uvicorn exits by re-raising the signal once it has shut down gracefully.
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
        for thread in threads:
            thread.join(timeout=30)
        assert refused.is_set()  # new requests were no longer taken
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
            query = "{ people(first: 1) { totalCount } }"
            body = (await http.post("/graphql", json={"query": query})).json()
            count = body["data"]["people"]["totalCount"]
            found = []
            for start in range(0, len(acknowledged), 25):  # within the alias limit
                ids = acknowledged[start : start + 25]
                fields = " ".join(f'p{i}: person(id: "{pid}") {{ id }}' for i, pid in enumerate(ids))
                answer = (await http.post("/graphql", json={"query": f"{{ {fields} }}"})).json()
                found += [value["id"] for value in answer["data"].values()]
    assert found == acknowledged
    assert count >= len(acknowledged)
