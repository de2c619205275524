"""The `/graphql` endpoint: GraphQL over HTTP with error codes, content negotiation and auth."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UnsetType

from graph_service.api import body
from graph_service.api.context import Context
from graph_service.api.errors import INTERNAL_MESSAGE, translate_all
from graph_service.api.metrics import Metrics
from graph_service.api.web import graphiql_page
from graph_service.domain.access import LOCAL, Principal, Role
from graph_service.domain.errors import GraphServiceError
from graph_service.services import access
from graph_service.settings import Settings
from graph_service.store.protocol import Store

GRAPHQL_RESPONSE = "application/graphql-response+json"
PREFLIGHT_HEADERS = ("graphql-preflight", "apollo-require-preflight", "x-apollo-operation-name")
LOOPBACK_NAMES = ("localhost",)

# The principal of a websocket that has not yet said who it is: a viewer, as the weakest role.
NOBODY = Principal("unauthenticated", Role.VIEWER)

log = logging.getLogger("graph_service.api")


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, schema: Any, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide=None if settings.production else "graphiql",
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            multipart_uploads_enabled=True,
        )
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if self.settings.api_token is None and not is_loopback_host(_host(scope)):
                await WebSocket(scope, receive, send).close(code=4403)  # the Host check, as for HTTP
                return
            await super().__call__(scope, receive, send)
            return
        limit = self.settings.max_body_bytes
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        request = Request(scope, receive=_bounded(receive, limit))
        try:
            refusal = await self._authenticate(request)
        except GraphServiceError as error:  # the store that holds the tokens did not answer
            refusal = error_response(error.message, error.code, 503)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        try:
            response = await self.run(request)
        except HTTPException as error:
            response = error_response(error.reason, "BAD_USER_INPUT", error.status_code)
        except BodyTooLarge:
            response = _too_large(limit)
        except RecursionError:
            response = error_response("the request is nested too deeply", "BAD_USER_INPUT", 400)
        except Exception:
            log.exception("unexpected error while serving /graphql")
            response = error_response(INTERNAL_MESSAGE, "INTERNAL_SERVER_ERROR", 500)
        finally:
            await request.close()  # the uploaded files of a multipart request
        await response(scope, receive, send)

    def parse_json(self, data: str | bytes) -> Any:
        return body.loads_request(data)

    def parse_query_params(self, params: Any) -> dict[str, Any]:
        parsed = dict(params)
        for name in ("variables", "extensions"):
            if parsed.get(name):
                parsed[name] = body.loads(parsed[name])
        return parsed

    async def _authenticate(self, request: Request) -> Response | None:
        """Set `request.state.principal`, or answer the refusal."""
        if request.headers.get("content-type", "").startswith("multipart/") and not any(
            name in request.headers for name in PREFLIGHT_HEADERS
        ):
            # A browser sends a multipart form to any address without asking: only a request that
            # could not have come from a plain form may upload (Apollo's CSRF prevention).
            return error_response(
                "a multipart request needs a GraphQL-Preflight (or Apollo-Require-Preflight) header",
                "BAD_USER_INPUT",
                400,
            )
        token = self.settings.api_token
        if token is None and not is_loopback_host(request.headers.get("host", "")):
            return error_response(
                "without GRAPH_SERVICE_API_TOKEN the service answers only requests whose Host is "
                "a loopback name (localhost, 127.0.0.1, [::1])",
                "FORBIDDEN",
                403,
            )
        given = request.headers.get("authorization")
        if given is None and token is None:
            request.state.principal = LOCAL
            return None
        principal = await self._principal(request.app.state.store, given)
        if principal is not None:
            request.state.principal = principal
            return None
        response = error_response("a valid bearer token is required", "UNAUTHENTICATED", 401)
        response.headers["www-authenticate"] = "Bearer"
        return response

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from the files the package ships, never from a CDN."""
        return graphiql_page()

    async def _principal(self, store: Store, given: object) -> Principal | None:
        """The principal an `Authorization: Bearer …` value names, or None."""
        scheme, _, value = given.partition(" ") if isinstance(given, str) else ("", "", "")
        if scheme.lower() != "bearer" or not value.strip():
            return None
        return await access.principal_for(store, value.strip(), bootstrap=self.settings.api_token)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """A subscription's token comes in `connection_init`'s payload: {"authorization": "Bearer …"}
        (a browser's WebSocket cannot send headers). Without a configured token, none is needed."""
        params = context.connection_params
        given = params.get("authorization") if isinstance(params, dict) else None
        if given is not None or self.settings.api_token is not None:
            principal = await self._principal(context.store, given)
            if principal is None:
                raise ConnectionRejectionError({"message": "a valid bearer token is required"})
            context.principal = principal
        return await super().on_ws_connect(context)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        store: Store = request.app.state.store
        principal: Principal | None = getattr(request.state, "principal", None)
        if principal is None:
            # A websocket: `on_ws_connect` names its principal from `connection_init` before any
            # subscription runs; until then it has only what an unauthenticated local user has.
            principal = LOCAL if self.settings.api_token is None else NOBODY
        sub_response = response if isinstance(response, Response) else None
        context = Context(store=store, principal=principal, response=sub_response)
        request.state.context = context
        return context

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        context = kwargs.get("context")
        time_limit = asyncio.timeout(None)
        try:
            async with time_limit:
                if isinstance(context, Context):
                    context.time_limit = time_limit
                return await super().execute_operation(*args, **kwargs)
        except TimeoutError:
            if not time_limit.expired():
                raise
        seconds = self.settings.request_timeout_seconds
        error = GraphQLError(
            f"the query ran longer than its time limit of {seconds:g} s; ask for less",
            extensions={"code": "QUERY_TOO_COMPLEX", "timeLimitSeconds": seconds},
        )
        return ExecutionResult(data=None, errors=[error])

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        accept = request.headers.get("accept", "")
        sub_response.graphql_response_json = GRAPHQL_RESPONSE in accept  # type: ignore[attr-defined]
        return sub_response

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        # The one place errors get their codes: every response, parse errors included, passes here.
        result.errors = translate_all(result.errors, hide_suggestions=self.settings.production)
        _observe(request, result)
        return await super().process_result(request, result)

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if getattr(sub_response, "graphql_response_json", False):
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if isinstance(response_data, dict) and _is_request_error(response_data):
                # The spec's request error: no `data` at all, and a 400 (or the 429 of RATE_LIMITED).
                status = 429 if sub_response.status_code == 429 else 400
                response = JSONResponse(
                    {"errors": response_data.get("errors"), "extensions": response_data.get("extensions")},
                    status_code=status,
                    headers=dict(sub_response.headers),
                )
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


def is_loopback_host(host: str) -> bool:
    """A `Host` header (with or without its port) that names this machine's loopback interface."""
    name = host.strip().lower()
    if name.startswith("["):
        name = name[1 : name.find("]")] if "]" in name else ""
    elif name.count(":") == 1:
        name = name.partition(":")[0]
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


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


def _host(scope: Scope) -> str:
    headers: dict[bytes, bytes] = dict(scope.get("headers", []))
    return headers.get(b"host", b"").decode("latin-1")
