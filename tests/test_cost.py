"""Bounded work: each request's cost before it runs, the budget, the rate limit and the time limit."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from graph_service.api.guard import RateLimiter
from graph_service.app import create_app
from graph_service.settings import PRODUCTION_RATE_LIMIT, Settings
from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

NESTED = "query($a: Int!, $b: Int!) { people(first: $a) { edges { node { ties(first: $b) { edges { node { person { id } } } } } } } }"


async def load_small(client: GraphQLClient) -> None:
    await client.data("mutation($d: JSON!) { importGraph(document: $d) { people } }", {"d": SMALL_DOCUMENT})


async def test_every_response_reports_its_cost(client: GraphQLClient) -> None:
    body = (await client.post('{ person(id: "nobody") { id } }')).json()
    assert body["extensions"]["cost"] == 1
    body = (await client.post("{ people { totalCount } }")).json()
    assert body["extensions"]["cost"] == 1


@pytest.mark.parametrize(("a", "b"), [(1, 1), (10, 5), (100, 20)])
async def test_nested_lists_multiply_by_their_first(client: GraphQLClient, a: int, b: int) -> None:
    await load_small(client)
    body = (await client.post(NESTED, {"a": a, "b": b})).json()
    assert "errors" not in body
    # people 1 + a × (edges 1 + node 1 + ties 1 + b × (edges 1 + node 1 + person 1))
    assert body["extensions"]["cost"] == 1 + a * (3 + 3 * b)


async def test_one_document_asked_with_other_numbers_costs_by_its_numbers(client: GraphQLClient) -> None:
    # The cost of a document is kept once computed; the numbers asked for still decide it.
    costs = []
    for a, b in [(1, 1), (10, 5), (1, 1), (10, None), (10, "5")]:
        body = (await client.post(NESTED, {"a": a, "b": b})).json()
        costs.append(body["extensions"]["cost"])
    # null is the default (20); a value that is not a whole number counts as the maximum (100)
    assert costs == [7, 1 + 10 * 18, 7, 1 + 10 * (3 + 3 * 20), 1 + 10 * (3 + 3 * 100)]


async def test_a_list_counts_as_its_maximum_when_first_is_out_of_range(client: GraphQLClient) -> None:
    body = (await client.post(NESTED, {"a": 100_000, "b": 1})).json()
    assert body["extensions"]["cost"] == 1 + 100 * 6
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}


async def test_a_request_over_the_budget_is_refused_before_it_runs(client: GraphQLClient) -> None:
    await load_small(client)
    deep = "{ people(first: 100) { edges { node { ties(first: 100) { edges { node { person { ties(first: 100) { edges { node { person { id } } } } } } } } } } } }"
    body = (await client.post(deep)).json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["budget"] == 10_000
    assert error["extensions"]["cost"] > 10_000
    assert error["extensions"]["cost"] == body["extensions"]["cost"]


async def test_a_fragment_bomb_costs_what_it_would_return(client: GraphQLClient) -> None:
    await load_small(client)
    fragments = ["fragment F0 on Person { id ties(first: 100) { edges { node { person { id } } } } }"]
    for i in range(1, 12):
        fragments.append(f"fragment F{i} on Person {{ ...F{i - 1} ...F{i - 1} }}")
    body = (
        await client.post("{ people(first: 100) { edges { node { ...F11 } } } } " + " ".join(fragments))
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_path_searches_cost_more_with_more_hops(client: GraphQLClient) -> None:
    await load_small(client)
    costs = []
    for hops in (1, 3, 6):
        query = f'{{ introductionPaths(fromId: "ada", target: {{companyId: "globex"}}, maxHops: {hops}) {{ hops }} }}'
        body = (await client.post(query)).json()
        assert "errors" not in body, body
        costs.append(body["extensions"]["cost"])
    assert costs[0] < costs[1] < costs[2]
    wide = '{ introductionPaths(fromId: "ada", target: {companyId: "globex"}, maxHops: 6, first: 50, perTarget: 10) { hops people { id } steps { from { id } to { id } } target { person { ties(first: 100) { edges { node { person { id } } } } } } } }'
    error = await client.error(wide)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def _app(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
            yield http


async def test_the_rate_limit_answers_rate_limited_with_retry_after(settings: Settings) -> None:
    limited = dataclasses.replace(settings, rate_limit=100)
    async for http in _app(limited):
        query = {"query": "{ people(first: 30) { edges { node { id } } } }"}  # cost 61
        first = await http.post("/graphql", json=query)
        assert first.status_code == 200
        assert first.json()["extensions"]["cost"] == 61
        second = await http.post("/graphql", json=query)
        assert second.status_code == 429
        assert int(second.headers["retry-after"]) >= 1
        error = second.json()["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        # Health stays outside the limit; a cheap query may still fit in what is left.
        assert (await http.get("/healthz")).status_code == 200
        cheap = await http.post("/graphql", json={"query": '{ person(id: "x") { id } }'})
        assert cheap.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_the_bucket_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert limiter.charge("a", 60) is None
    wait = limiter.charge("a", 30)
    assert wait == pytest.approx(30.0)
    assert limiter.charge("b", 30) is None  # every principal has its own bucket
    now[0] = 30.0
    assert limiter.charge("a", 30) is None


def test_the_rate_limit_is_on_in_production_and_off_in_development() -> None:
    assert Settings.from_environ({}).cost_per_minute == 0
    assert Settings.from_environ({"GRAPH_SERVICE_ENV": "production"}).cost_per_minute == PRODUCTION_RATE_LIMIT
    production_off = {"GRAPH_SERVICE_ENV": "production", "GRAPH_SERVICE_RATE_LIMIT": "off"}
    assert Settings.from_environ(production_off).cost_per_minute == 0
    assert Settings.from_environ({"GRAPH_SERVICE_RATE_LIMIT": "5000"}).cost_per_minute == 5000


async def test_a_query_past_its_time_limit_is_stopped(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph_service.services import people

    async def stuck(*args: object, **kwargs: object) -> Any:
        await asyncio.sleep(60)

    monkeypatch.setattr(people, "read_person", stuck)
    async for http in _app(dataclasses.replace(settings, request_timeout_seconds=0.2)):
        body = (await http.post("/graphql", json={"query": '{ person(id: "ada") { id } }'})).json()
        assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert body["errors"][0]["extensions"]["timeLimitSeconds"] == 0.2
        # Mutations are never cut short, so none is half-applied.
        created = await http.post(
            "/graphql", json={"query": 'mutation { createPerson(input: {name: "Ada"}) { name } }'}
        )
        assert created.json()["data"] == {"createPerson": {"name": "Ada"}}
        assert (await http.get("/healthz")).status_code == 200
