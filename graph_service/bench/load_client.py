"""A lean HTTP/1.1 client for the bench: one keep-alive connection per client, a JSON body posted,
a JSON answer read by its Content-Length; `Connection` for the concurrent phases (asyncio),
`BlockingConnection` for the queries timed one at a time.

The bench's clients share this 2-core machine with the service and Neo4j. httpx spends about
1.7 ms of CPU on each request, a third of what the service itself spends on a person read, so the
load generator was measuring itself; this client spends a few tenths of a millisecond.
"""

from __future__ import annotations

import asyncio
import http.client
import json
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any
from urllib.parse import SplitResult, urlsplit


def _plain_http(base_url: str) -> SplitResult:
    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname is None:
        raise ValueError(f"the bench's client speaks plain http only: {base_url}")
    return parts


class ClientError(Exception):
    """The connection failed or the answer was not HTTP/1.x with a JSON body of known length;
    `kind` names what failed in one word, as the bench counts it."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


class Connection:
    """One keep-alive connection; `post` answers (status, decoded JSON body)."""

    def __init__(self, base_url: str, headers: Mapping[str, str], timeout: float = 30.0) -> None:
        parts = _plain_http(base_url)
        self._host, self._port = parts.hostname or "", parts.port or 80
        self._prefix = parts.path.rstrip("/")
        self._headers = "".join(
            f"{name}: {value}\r\n"
            for name, value in {"host": parts.netloc, **headers}.items()
            if name.lower() not in ("content-type", "content-length", "connection")
        )
        self._timeout = timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> Connection:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def post(self, path: str, body: Any) -> tuple[int, Any]:
        try:
            return await asyncio.wait_for(self._exchange(path, body), self._timeout)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
            self.close()  # the next request opens a fresh connection
            raise ClientError(type(error).__name__, str(error)) from None
        except ClientError:
            self.close()
            raise

    async def _exchange(self, path: str, body: Any) -> tuple[int, Any]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        assert self._reader is not None
        payload = json.dumps(body).encode()
        head = (
            f"POST {self._prefix}{path} HTTP/1.1\r\n{self._headers}"
            f"content-type: application/json\r\ncontent-length: {len(payload)}\r\n\r\n"
        )
        self._writer.write(head.encode("latin-1") + payload)
        status_line = await self._reader.readline()
        version, _, rest = status_line.decode("latin-1").partition(" ")
        if not version.startswith("HTTP/1."):
            raise ClientError("NotHTTP", f"not an HTTP/1.x answer: {status_line[:80]!r}")
        status = int(rest.split(" ", 1)[0])
        length: int | None = None
        keep_alive = True
        while (line := await self._reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value.strip())
            elif name == "connection" and value.strip().lower() == "close":
                keep_alive = False
        if length is None:
            raise ClientError("NoContentLength", "an answer without a Content-Length")
        content = await self._reader.readexactly(length)
        if not keep_alive:
            self.close()
        return status, json.loads(content) if content else None


class BlockingConnection:
    """One keep-alive connection for requests sent one at a time (the standard library's client)."""

    def __init__(self, base_url: str, headers: Mapping[str, str], timeout: float = 30.0) -> None:
        parts = _plain_http(base_url)
        self._connection = http.client.HTTPConnection(parts.hostname or "", parts.port or 80, timeout=timeout)
        self._prefix = parts.path.rstrip("/")
        self._headers = {**headers, "content-type": "application/json"}

    def __enter__(self) -> BlockingConnection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._connection.close()

    def post(self, path: str, body: Any) -> tuple[int, Any]:
        try:
            self._connection.request("POST", self._prefix + path, json.dumps(body).encode(), self._headers)
            response = self._connection.getresponse()
            content = response.read()
            return response.status, json.loads(content) if content else None
        except (OSError, http.client.HTTPException, ValueError) as error:
            self._connection.close()  # the next request reconnects
            raise ClientError(type(error).__name__, str(error)) from None


async def warm_up(
    base_url: str,
    headers: Mapping[str, str],
    body: Callable[[], Any],
    *,
    seconds: float,
    clients: int,
) -> int:
    """Post `body()` from `clients` connections, answers unread for errors, until `seconds` have
    passed: what a phase sends untimed first, so that it measures a warm service and a warm Neo4j
    (one the bench has just restarted runs its first thousands of statements slower). Returns how
    many were sent."""
    deadline = asyncio.get_running_loop().time() + seconds
    sent = 0

    async def client() -> None:
        nonlocal sent
        async with Connection(base_url, headers) as connection:
            while asyncio.get_running_loop().time() < deadline:
                sent += 1
                try:
                    await connection.post("/graphql", body())
                except ClientError:
                    await asyncio.sleep(0.1)

    await asyncio.gather(*(client() for _ in range(clients)))
    return sent
