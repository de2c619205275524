"""The ASGI application: `create_app(settings)` builds one, with nothing done at import time."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from graph_service.api.access import RequestLog
from graph_service.api.http import GraphQLEndpoint
from graph_service.api.metrics import CONTENT_TYPE, Metrics
from graph_service.api.schema import build_schema
from graph_service.api.web import web_routes
from graph_service.domain.errors import GraphServiceError
from graph_service.domain.model import PeopleFilter
from graph_service.services.graph_import import import_graph
from graph_service.settings import Settings
from graph_service.store.opening import open_store
from graph_service.store.protocol import Store

log = logging.getLogger("graph_service")


async def seed_if_empty(store: Store, seed: Path) -> bool:
    """Load the seed into an empty store; a store that holds anything is left as it is."""
    if await store.count_people(PeopleFilter()) > 0:
        return False
    await import_graph(store, json.loads(seed.read_text()))
    return True


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("planning the store's statements failed: %s", task.exception())


def _plan(store: Store) -> asyncio.Task[None]:
    """Plan the store's statements in the background; `/readyz` waits for it."""
    task = asyncio.create_task(store.prepare())
    task.add_done_callback(_log_failure)
    return task


# Collections of the oldest generation scan every object the process holds; with a Neo4j result of
# thousands of records in flight they paused every request for tens of milliseconds (the stress
# command's /healthz p99 88 ms; 27 to 34 ms with this). What exists once the service has started
# (modules, the schema, the embedded store's graph) is frozen out of those scans, and young
# objects are collected less often.
GC_THRESHOLDS = (20_000, 50, 100)


def settle_garbage_collector() -> None:
    gc.collect()  # what is garbage already is not frozen
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def create_app(settings: Settings, *, seed: Path | None = None, settle_gc: bool = False) -> Starlette:
    """`settle_gc`: the serving process's garbage collector is settled once the store is open."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = await open_store(settings)
        try:
            if seed is not None and await seed_if_empty(store, seed):
                log.info("loaded the seed %s", seed)
            app.state.store = store
            metrics.count_connections_with(store.connections_in_use)
            app.state.planning = _plan(store)
            if settle_gc:
                settle_garbage_collector()
            yield
            app.state.planning.cancel()
        finally:
            await store.close()

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        state = request.app.state
        try:
            await state.store.ping()
        except GraphServiceError as error:
            return JSONResponse({"status": "unavailable", "reason": error.message}, status_code=503)
        planning: asyncio.Task[None] = state.planning
        if planning.done() and (planning.cancelled() or planning.exception() is not None):
            state.planning = planning = _plan(state.store)
        if not planning.done():
            return JSONResponse(
                {"status": "starting", "reason": "planning the store's statements"}, status_code=503
            )
        return JSONResponse({"status": "ready", "store": settings.store})

    async def prometheus(request: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    metrics = Metrics()
    graphql = GraphQLEndpoint(build_schema(settings), settings)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", prometheus),
            *web_routes(),
        ],
        middleware=[Middleware(RequestLog, metrics=metrics)],
        lifespan=lifespan,
    )
    app.state.metrics = metrics
    return app
