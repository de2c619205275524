"""Bearer-token authentication and production defaults."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from graph_service.app import create_app
from graph_service.settings import Settings


@pytest.fixture
async def http(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = dataclasses.replace(
        Settings(data_dir=tmp_path), environment="production", api_token="t0ken-with-entropy-of-32-characters"
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
            yield client


QUERY = {"query": "{ people { totalCount } }"}


async def test_requests_without_the_token_are_unauthenticated(http: httpx.AsyncClient) -> None:
    for headers in (
        {},
        {"authorization": "Bearer wrong"},
        {"authorization": "Basic t0ken-with-entropy-of-32-characters"},
    ):
        response = await http.post("/graphql", json=QUERY, headers=headers)
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_token_lets_a_request_through(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", json=QUERY, headers={"authorization": "Bearer t0ken-with-entropy-of-32-characters"}
    )
    assert response.json()["data"] == {"people": {"totalCount": 0}}


async def test_production_turns_off_introspection_and_graphiql(http: httpx.AsyncClient) -> None:
    auth = {"authorization": "Bearer t0ken-with-entropy-of-32-characters"}
    response = await http.post("/graphql", json={"query": "{ __schema { types { name } } }"}, headers=auth)
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    page = await http.get("/graphql", headers={**auth, "accept": "text/html"})
    assert page.status_code == 404


async def test_health_endpoints_need_no_token(http: httpx.AsyncClient) -> None:
    assert (await http.get("/healthz")).status_code == 200
    assert (await http.get("/readyz")).status_code == 200


async def test_an_oversized_body_is_refused_with_a_code(tmp_path: Path) -> None:
    app = create_app(dataclasses.replace(Settings(data_dir=tmp_path), max_body_bytes=2048))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
            big = {"query": "{ people { totalCount } }", "variables": {"pad": "x" * 5000}}
            response = await client.post("/graphql", json=big)
            assert response.status_code == 413
            assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

            async def chunks() -> AsyncIterator[bytes]:
                yield b'{"query": "{ people { totalCount } }", "variables": {"pad": "'
                for _ in range(10):
                    yield b"x" * 500
                yield b'"}}'

            streamed = await client.post(
                "/graphql", content=chunks(), headers={"content-type": "application/json"}
            )
            assert streamed.status_code == 413
            small = await client.post("/graphql", json={"query": "{ people { totalCount } }"})
            assert small.json()["data"] == {"people": {"totalCount": 0}}
