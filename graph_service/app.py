"""The ASGI application: `create_app(settings)` builds one, with nothing done at import time."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import os
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
from graph_service.log_lines import log_json_lines
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
    task.add_done_callback(_tell_the_other_workers)
    return task


# Under `serve --workers N` the workers share this folder: each leaves a file named by its process
# id once its statements are planned, and any of them answers `/readyz` as ready only when all N
# live workers have (a load balancer's check reaches one worker, the next request another).
READY_DIR = "GRAPH_SERVICE_READY_DIR"


def _tell_the_other_workers(task: asyncio.Task[None]) -> None:
    folder = os.environ.get(READY_DIR)
    if folder is not None and not task.cancelled() and task.exception() is None:
        (Path(folder) / str(os.getpid())).touch()


def workers_ready(folder: Path) -> int:
    """How many live workers have planned their statements."""
    ready = 0
    for mark in folder.iterdir():
        try:
            os.kill(int(mark.name), 0)
        except (ValueError, ProcessLookupError):
            continue
        except PermissionError:
            pass  # alive, another user's: not ours, but alive
        ready += 1
    return ready


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
        folder = os.environ.get(READY_DIR)
        if folder is not None and (ready := workers_ready(Path(folder))) < settings.workers:
            reason = f"{ready} of {settings.workers} workers have planned the store's statements"
            return JSONResponse({"status": "starting", "reason": reason}, status_code=503)
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


def worker_app() -> Starlette:
    """One process of `graph-service serve --workers N`: uvicorn spawns it as a fresh interpreter,
    so its settings come from the environment the serving command left for it."""
    log_json_lines()
    return create_app(Settings.from_environ(os.environ), settle_gc=True)
