"""Fixtures: both stores, a real Neo4j started for the session, and an HTTP client per store.

Neo4j comes from GRAPH_SERVICE_NEO4J_URI when it is set; otherwise the run starts its own from
Maven Central jars (graph_service.neo4j_local.server) and stops it at the end. If it cannot start, every
Neo4j test errors with the reason: they never skip.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from graph_service.app import create_app
from graph_service.neo4j_local import jars as neo4j_jars
from graph_service.neo4j_local import server as local_neo4j
from graph_service.settings import Settings
from graph_service.store.memory.store import MemoryStore
from graph_service.store.neo4j.store import Neo4jStore
from graph_service.store.protocol import Store
from tests.graphql_client import GraphQLClient
from tests.neo4j_reset import clear_neo4j

ROOT = Path(__file__).resolve().parent.parent
STORES = ["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    given = os.environ.get("GRAPH_SERVICE_NEO4J_URI")
    if given:
        yield given
        return
    home = tmp_path_factory.mktemp("neo4j-home")
    try:
        uri = local_neo4j.start(
            home, port=_free_port(), cache=neo4j_jars.cache_dir(os.environ), log=lambda line: None
        )
    except neo4j_jars.LocalNeo4jError as error:
        pytest.fail(f"the test run could not start Neo4j: {error}", pytrace=False)
    try:
        yield uri
    finally:
        local_neo4j.stop(home)


@pytest.fixture(scope="session")
def neo4j_settings(neo4j_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        store="neo4j",
        neo4j_uri=neo4j_uri,
        neo4j_password=os.environ.get("GRAPH_SERVICE_NEO4J_PASSWORD") or None,
        data_dir=tmp_path_factory.mktemp("neo4j-data"),
        query_timeout_seconds=20.0,
        search_timeout_seconds=20.0,
        request_timeout_seconds=60.0,
    )


@pytest.fixture(scope="session")
async def neo4j_store(neo4j_settings: Settings) -> AsyncIterator[Neo4jStore]:
    store = await Neo4jStore.connect(neo4j_settings)
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def empty_neo4j(neo4j_store: Neo4jStore, neo4j_settings: Settings) -> Settings:
    """Settings for the session's Neo4j, cleared, for tests that reach it by its URI."""
    await clear_neo4j(neo4j_store)
    return neo4j_settings


@pytest.fixture(params=STORES)
def backend(request: pytest.FixtureRequest) -> Neo4jStore | None:
    """None for the memory store; the session's Neo4j store otherwise (set up outside the loop)."""
    if request.param == "memory":
        return None
    neo4j_store: Neo4jStore = request.getfixturevalue("neo4j_store")
    return neo4j_store


@pytest.fixture
async def store(backend: Neo4jStore | None, tmp_path: Path) -> AsyncIterator[Store]:
    """An empty store of each kind."""
    if backend is None:
        memory = MemoryStore.open(tmp_path)
        yield memory
        await memory.close()
        return
    await clear_neo4j(backend)
    yield backend


@pytest.fixture
async def settings(backend: Neo4jStore | None, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Settings for an app on an empty store of each kind."""
    if backend is None:
        return Settings(store="memory", data_dir=tmp_path)
    await clear_neo4j(backend)
    neo4j_settings: Settings = request.getfixturevalue("neo4j_settings")
    return neo4j_settings


@pytest.fixture(scope="session")
async def neo4j_app(neo4j_settings: Settings) -> AsyncIterator[Starlette]:
    """One app on the session's Neo4j, started once: its start-up (schema, planning) is paid once."""
    app = create_app(neo4j_settings)
    async with app.router.lifespan_context(app):
        yield app


@contextlib.asynccontextmanager
async def _client_of(app: Starlette) -> AsyncIterator[GraphQLClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
        yield GraphQLClient(http)


@pytest.fixture
def shared_app(backend: Neo4jStore | None, request: pytest.FixtureRequest) -> Starlette | None:
    """The session's Neo4j app for Neo4j tests (set up outside the loop, like `backend`); None for memory."""
    if backend is None:
        return None
    app: Starlette = request.getfixturevalue("neo4j_app")
    return app


@pytest.fixture
async def client(shared_app: Starlette | None, settings: Settings) -> AsyncIterator[GraphQLClient]:
    """A client of an app on an empty store of each kind (Neo4j's app is shared, its data cleared)."""
    if shared_app is not None:
        async with _client_of(shared_app) as shared:
            yield shared
        return
    app = create_app(settings)
    async with app.router.lifespan_context(app), _client_of(app) as own:
        yield own


@pytest.fixture
async def validation_client(tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    """A client of an app on an empty memory store, for tests of the API layer alone (parsing,
    validation, limits, argument ranges), which no store can change: they run once, not per store."""
    app = create_app(Settings(store="memory", data_dir=tmp_path))
    async with app.router.lifespan_context(app), _client_of(app) as own:
        yield own


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    ran = [
        report
        for kind in ("passed", "failed", "error")
        for report in terminalreporter.stats.get(kind, [])
        if getattr(report, "when", "call") == "call" and "neo4j" in report.keywords
    ]
    passed = sum(1 for r in ran if r.passed)
    uri = os.environ.get("GRAPH_SERVICE_NEO4J_URI") or "a Neo4j started by this run"
    terminalreporter.write_line(f"{len(ran)} tests ran against the real Neo4j ({uri}); {passed} passed")
