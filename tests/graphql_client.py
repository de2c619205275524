"""A small GraphQL client over httpx, for tests that talk to an app, and an app to talk to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from graph_service.app import create_app
from graph_service.settings import Settings


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """One service instance in this process (its own app, store and driver), started with its
    lifespan, and an HTTP client to it with a loopback Host."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
            yield http


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def post(
        self, query: str, variables: dict[str, object] | None = None, **kwargs: object
    ) -> httpx.Response:
        return await self.http.post("/graphql", json={"query": query, "variables": variables or {}}, **kwargs)  # type: ignore[arg-type]

    async def data(self, query: str, variables: dict[str, object] | None = None) -> dict[str, object]:
        body = (await self.post(query, variables)).json()
        assert "errors" not in body, body["errors"]
        result: dict[str, object] = body["data"]
        return result

    async def error(self, query: str, variables: dict[str, object] | None = None) -> dict[str, object]:
        """The one error the request must produce."""
        body = (await self.post(query, variables)).json()
        assert len(body.get("errors", [])) == 1, body
        error: dict[str, object] = body["errors"][0]
        return error
