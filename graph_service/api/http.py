"""The `/graphql` endpoint: GraphQL over HTTP with error codes, content negotiation and auth."""

from __future__ import annotations

import hmac
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from graph_service.api.context import Context
from graph_service.api.errors import translate_all
from graph_service.api.metrics import Metrics
from graph_service.settings import Settings
from graph_service.store.protocol import Store

GRAPHQL_RESPONSE = "application/graphql-response+json"


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, schema: Any, settings: Settings) -> None:
        super().__init__(schema, graphql_ide=None if settings.production else "graphiql")
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        limit = self.settings.max_body_bytes
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        request = Request(scope, receive=_bounded(receive, limit))
        refusal = self._refuse(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        try:
            response = await self.run(request)
        except HTTPException as error:
            response = error_response(error.reason, "BAD_USER_INPUT", error.status_code)
        except BodyTooLarge:
            response = _too_large(limit)
        await response(scope, receive, send)

    def _refuse(self, request: Request) -> Response | None:
        token = self.settings.api_token
        if token is None:
            return None
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode()):
            return None
        response = error_response("a valid bearer token is required", "UNAUTHENTICATED", 401)
        response.headers["www-authenticate"] = "Bearer"
        return response

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        store: Store = request.app.state.store
        principal = "token" if self.settings.api_token is not None else None
        context = Context(store=store, settings=self.settings, principal=principal)
        request.state.context = context
        return context

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        accept = request.headers.get("accept", "")
        sub_response.graphql_response_json = GRAPHQL_RESPONSE in accept  # type: ignore[attr-defined]
        return sub_response

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        # The one place errors get their codes: every response, parse errors included, passes here.
        result.errors = translate_all(result.errors)
        _observe(request, result)
        return await super().process_result(request, result)

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if getattr(sub_response, "graphql_response_json", False):
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if isinstance(response_data, dict) and _is_request_error(response_data):
                # The spec's request error: no `data` at all, and a 400.
                response = JSONResponse({"errors": response_data.get("errors")}, status_code=400)
                response.headers["content-type"] = GRAPHQL_RESPONSE
        return response


def _observe(request: Request, result: ExecutionResult) -> None:
    """Leave the operation and its outcome for the request log; count refusals and replays."""
    context: Context | None = getattr(request.state, "context", None)
    operation = context.operation if context is not None and context.operation else "graphql invalid"
    codes = [str((e.extensions or {}).get("code")) for e in result.errors or []]
    request.state.operation = operation
    request.state.outcome = codes[0] if codes else "OK"
    metrics: Metrics = request.app.state.metrics
    if "SEARCH_TOO_BROAD" in codes:
        metrics.too_broad.inc(codes.count("SEARCH_TOO_BROAD"))
    for value in (result.data or {}).values():
        if isinstance(value, dict) and value.get("replayed") is True:
            metrics.replayed.labels(operation).inc()


def _is_request_error(response_data: GraphQLHTTPResponse) -> bool:
    """A document that did not parse or validate: execution never started."""
    errors = response_data.get("errors") or []
    return (
        response_data.get("data") is None
        and bool(errors)
        and all(isinstance(e, dict) and e.get("path") is None for e in errors)
    )


class BodyTooLarge(Exception):
    """A body without a Content-Length that grew past the limit while it was read."""


def _bounded(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise BodyTooLarge
        return message

    return bounded


def _too_large(limit: int) -> Response:
    return error_response(f"the request body is larger than {limit} bytes", "BAD_USER_INPUT", 413)


def error_response(message: str, code: str, status: int) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status)
