"""The dashboard page, its static files and GraphiQL, all served from files inside the package."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

WEB = Path(__file__).resolve().parent.parent / "web"

# Everything comes from this host: scripts, styles (inline `style` attributes for bar widths),
# images, and the GraphQL socket.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def _page(name: str) -> Response:
    response = FileResponse(WEB / name, media_type="text/html")
    response.headers["content-security-policy"] = CONTENT_SECURITY_POLICY
    response.headers["cache-control"] = "no-cache"
    return response


def graphiql_page() -> Response:
    return _page("graphiql.html")


async def dashboard(request: Request) -> Response:
    return _page("index.html")


class _Revalidated:
    """Static files that browsers check again (cheaply, by ETag) before reuse."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_header(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))  # type: ignore[call-overload]
                headers.append((b"cache-control", b"no-cache"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_header)  # type: ignore[arg-type]


def web_routes() -> list[Route | Mount]:
    return [
        Route("/", dashboard, methods=["GET"]),
        Mount("/static", app=_Revalidated(StaticFiles(directory=WEB)), name="static"),
    ]
