"""Generated queries and mutations over the whole schema, on both stores: never a 5xx, never an
error without a code or with the masked INTERNAL_SERVER_ERROR (hypothesis-graphql)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import graphql
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, mutations, nodes, queries

from graph_service.api.schema import build_schema
from graph_service.settings import Settings
from tests.graphql_client import GraphQLClient
from tests.sample_data import HIRING

SDL = build_schema(Settings()).as_str()
SCALARS: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
    "Date": st.dates(date(1990, 1, 1), date(2030, 12, 31)).map(lambda d: nodes.String(d.isoformat())),
    "DateTime": st.datetimes(datetime(2000, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)).map(
        lambda d: nodes.String(d.isoformat())
    ),
    "JSON": st.sampled_from([nodes.Object([]), nodes.String("x"), nodes.Int(1)]),
    # A file comes only in a multipart request; written into a document it must be refused cleanly.
    "Upload": st.sampled_from([nodes.String("Connections.csv"), nodes.Int(1)]),
}
CODES = {
    "BAD_USER_INPUT",
    "NOT_FOUND",
    "CONFLICT",
    "INVALID_TRANSITION",
    "SEARCH_TOO_BROAD",
    "QUERY_TOO_COMPLEX",
    "FORBIDDEN",
    "RATE_LIMITED",
    "SERVICE_UNAVAILABLE",
}
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


async def _seeded(client: GraphQLClient) -> None:
    await client.data("mutation($d: JSON!) { importGraph(document: $d) { people } }", {"d": HIRING})


async def _check(client: GraphQLClient, query: str) -> None:
    response = await client.post(query)
    assert response.status_code < 500, (query, response.text[:500])
    body: dict[str, Any] = response.json()
    for error in body.get("errors", []):
        assert error.get("extensions", {}).get("code") in CODES, (query, error)


@FUZZ
@given(
    query=queries(SDL, custom_scalars=SCALARS) | from_schema(SDL, custom_scalars=SCALARS, mode=Mode.NEGATIVE)
)
async def test_generated_queries_never_fail_unmasked(client: GraphQLClient, query: str) -> None:
    if await client.data("{ people(first: 1) { totalCount } }") == {"people": {"totalCount": 0}}:
        await _seeded(client)
    await _check(client, query)


@FUZZ
@given(query=mutations(SDL, custom_scalars=SCALARS))
async def test_generated_mutations_never_fail_unmasked(client: GraphQLClient, query: str) -> None:
    await _check(client, query)
