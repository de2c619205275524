"""A small GraphQL client over httpx, for tests that talk to an app."""

from __future__ import annotations

import httpx


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
