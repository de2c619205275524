"""The bench's lean HTTP client reads the real service's answers as httpx does, keeps one connection
for many requests, and turns a broken exchange into a counted error, never a crash."""

from __future__ import annotations

import asyncio
import socket
import threading
from pathlib import Path

import httpx
import pytest

from graph_service.bench.load_client import BlockingConnection, ClientError, Connection
from graph_service.settings import Settings
from tests.servers import free_port, running_service

PERSON = {"query": 'query($id: ID!) { person(id: $id) { id name ties(first: 3) { totalCount } } }',
          "variables": {"id": "cy-okafor"}}  # fmt: skip
HEADERS = {"accept": "application/json"}


def test_both_clients_read_what_httpx_reads_over_one_connection(tmp_path: Path) -> None:
    settings = Settings(store="memory", data_dir=tmp_path)
    with running_service(settings, tmp_path) as url:
        expected = httpx.post(f"{url}/graphql", json=PERSON, headers=HEADERS).json()
        assert expected["data"]["person"]["name"]

        async def asynchronous() -> list[tuple[int, object]]:
            async with Connection(url, HEADERS) as connection:
                return [await connection.post("/graphql", PERSON) for _ in range(5)]

        assert asyncio.run(asynchronous()) == [(200, expected)] * 5
        with BlockingConnection(url, HEADERS) as connection:
            assert [connection.post("/graphql", PERSON) for _ in range(5)] == [(200, expected)] * 5
            status, refused = connection.post("/graphql", {"query": "{ nope }"})
            assert status == 200 and refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("answer", [b"garbage\r\n\r\n", b"HTTP/1.1 200 OK\r\n\r\n{}", b""])
def test_a_broken_answer_is_a_client_error(answer: bytes) -> None:
    port = free_port()
    listener = socket.create_server(("127.0.0.1", port))

    def serve_once() -> None:
        peer, _ = listener.accept()
        peer.recv(65536)
        peer.sendall(answer)
        peer.close()

    thread = threading.Thread(target=serve_once)
    thread.start()
    try:

        async def ask() -> None:
            async with Connection(f"http://127.0.0.1:{port}", HEADERS, timeout=5) as connection:
                await connection.post("/graphql", PERSON)

        with pytest.raises(ClientError):
            asyncio.run(ask())
    finally:
        thread.join(timeout=5)
        listener.close()
