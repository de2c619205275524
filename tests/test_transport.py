"""Malformed bodies, the Host check, hidden suggestions and bounded caches, on both stores."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from graphql import parse

from graph_service.api.caches import MAX_CACHED_DOCUMENT_BYTES, DocumentCache
from graph_service.app import create_app
from graph_service.settings import Settings
from tests.graphql_client import GraphQLClient

COUNT = '{"query": "{ people { totalCount } }"'
MALFORMED = {
    "invalid UTF-8": COUNT.encode() + b', "x": "\xff\xfe"}',
    "JSON null": b"null",
    "a JSON string": b'"{ people { totalCount } }"',
    "a JSON number": b"42",
    "JSON true": b"true",
    "not JSON": b"{ people",
    "an empty body": b"",
    "variables nested 1,000 deep": (
        COUNT + ', "variables": {"v": ' + "[" * 1000 + "]" * 1000 + "}}"
    ).encode(),
    "an integer of 5,000 digits": (COUNT + ', "variables": {"v": ' + "9" * 5000 + "}}").encode(),
    "a query that is a number": b'{"query": 5}',
    "variables that are a string": COUNT.encode() + b', "variables": "x"}',
    "an empty batch": b"[]",
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
async def test_every_malformed_body_gets_a_4xx_with_a_code(client: GraphQLClient, body: bytes) -> None:
    response = await client.http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # The service still answers afterwards.
    assert await client.data("{ people { totalCount } }") == {"people": {"totalCount": 0}}


async def test_a_malformed_variables_parameter_in_a_get_is_a_400(client: GraphQLClient) -> None:
    deep = "[" * 1000 + "]" * 1000
    response = await client.http.get(
        "/graphql", params={"query": "{ people { totalCount } }", "variables": deep}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_error_echoes_only_a_short_prefix_of_a_huge_id(client: GraphQLClient) -> None:
    huge = "x" * 1_000_000
    response = await client.post("query($id: ID!) { person(id: $id) { id } }", {"id": huge})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert len(error["message"]) < 400
    assert len(response.content) < 2_000


async def test_a_document_nested_too_deeply_is_refused_with_a_code(client: GraphQLClient) -> None:
    error = await client.error("{" + "people { " * 1500 + "}" * 1501)
    assert error["extensions"]["code"] in ("BAD_USER_INPUT", "QUERY_TOO_COMPLEX")


async def _post(settings: Settings, host: str, body: dict[str, object], **headers: str) -> httpx.Response:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{host}") as http:
            return await http.post("/graphql", json=body, headers=headers)


QUERY = {"query": "{ people { totalCount } }"}


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "app.localhost"]
)
async def test_without_a_token_loopback_hosts_are_served(settings: Settings, host: str) -> None:
    response = await _post(settings, host, QUERY)
    assert response.json()["data"] == {"people": {"totalCount": 0}}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "10.0.0.5", "localhost.evil.example"])
async def test_without_a_token_other_hosts_are_refused(settings: Settings, host: str) -> None:
    """A web page reaching the service through DNS rebinding sends its own name as Host."""
    response = await _post(settings, host, {"query": 'mutation { createPerson(input: {name: "X"}) { id } }'})
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await _post(settings, "localhost", QUERY)).json()["data"] == {"people": {"totalCount": 0}}


async def test_with_a_token_any_host_is_served(settings: Settings) -> None:
    token = "k" * 40
    secured = dataclasses.replace(settings, api_token=token)
    response = await _post(secured, "graph.example", QUERY, authorization=f"Bearer {token}")
    assert response.json()["data"] == {"people": {"totalCount": 0}}


async def test_production_hides_did_you_mean_suggestions(settings: Settings) -> None:
    production = dataclasses.replace(settings, environment="production")
    response = await _post(production, "localhost", {"query": "{ peple { totalCount } }"})
    message = response.json()["errors"][0]["message"]
    assert "Did you mean" not in message
    assert "people" not in message
    response = await _post(settings, "localhost", {"query": "{ peple { totalCount } }"})
    assert "Did you mean 'people'?" in response.json()["errors"][0]["message"]


def test_the_document_cache_is_bounded_in_bytes() -> None:
    cache = DocumentCache(budget_bytes=64 * 1024)
    for i in range(200):
        query = f'{{ person(id: "{i}") {{ id name }} }}' + " " * 1000
        cache.put(query, parse(query))
    assert cache.used_bytes <= 64 * 1024
    assert 0 < len(cache) < 200
    big = "{ people { totalCount } }" + " " * MAX_CACHED_DOCUMENT_BYTES
    cache.put(big, parse(big))
    assert cache.get(big) is None


async def test_large_documents_are_answered_but_not_kept(client: GraphQLClient) -> None:
    padded = "{ people { totalCount } }" + " " * (MAX_CACHED_DOCUMENT_BYTES + 1)
    for _ in range(3):
        assert await client.data(padded) == {"people": {"totalCount": 0}}
