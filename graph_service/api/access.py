"""Every request gets an id (answered in `x-request-id`), one JSON log line and its metrics.

The line holds the request id, method, path, status, operation (the GraphQL operation type and
root field names, never the query text), outcome code and duration: no variables, no personal
data. The GraphQL endpoint leaves the operation and outcome in the request's state.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service.api.metrics import Metrics

log = logging.getLogger("graph_service.requests")

REQUEST_ID_HEADER = "x-request-id"
# A caller's id is kept when it is short and plain (a proxy's, say); anything else is replaced.
GIVEN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
KNOWN_PATHS = {"/graphql", "/healthz", "/readyz", "/metrics"}


class RequestLog:
    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = given if GIVEN_ID.fullmatch(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        status = 500
        began = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - began
            path = scope["path"] if scope["path"] in KNOWN_PATHS else "other"
            operation = str(state.get("operation") or path)
            outcome = str(state.get("outcome") or ("OK" if status < 400 else f"HTTP_{status}"))
            self.metrics.observe(operation, outcome, seconds)
            log.info(
                json.dumps(
                    {
                        "requestId": request_id,
                        "method": scope["method"],
                        "path": path,
                        "status": status,
                        "operation": operation,
                        "outcome": outcome,
                        "durationMs": round(seconds * 1000, 3),
                    }
                )
            )
