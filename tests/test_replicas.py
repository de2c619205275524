"""Two service instances on one Neo4j, as behind a load balancer: idempotency holds across them and
no concurrent write is lost; the `neo4j://` routing scheme works against the single server."""

from __future__ import annotations

import asyncio
import dataclasses
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest

from graph_service.settings import Settings
from tests.graphql_client import serving
from tests.sample_data import SMALL_DOCUMENT

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people } }"
LOG_REFERRAL = """mutation($input: LogReferralInput!) {
  logReferral(input: $input) { replayed referral { id } } }"""
COUNT = "{ referrals(first: 1) { totalCount } }"

pytestmark = pytest.mark.neo4j


async def _post(http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    return (await http.post("/graphql", json={"query": query, "variables": variables or {}})).json()


async def test_two_instances_keep_one_referral_per_key_and_lose_no_distinct_write(
    empty_neo4j: Settings,
) -> None:
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(serving(empty_neo4j))
        second = await stack.enter_async_context(serving(empty_neo4j))
        assert "errors" not in await _post(first, IMPORT, {"d": SMALL_DOCUMENT})

        same = {"referrerId": "ada", "candidateId": "cy", "companyId": "acme", "idempotencyKey": "one"}
        answers = await asyncio.gather(
            *(_post((first, second)[i % 2], LOG_REFERRAL, {"input": same}) for i in range(100))
        )
        assert all("errors" not in a for a in answers), [a["errors"] for a in answers if "errors" in a][:3]
        payloads = [a["data"]["logReferral"] for a in answers]
        assert len({p["referral"]["id"] for p in payloads}) == 1
        assert sum(not p["replayed"] for p in payloads) == 1

        distinct = [
            {"referrerId": "bo", "candidateId": "cy", "companyId": "globex", "idempotencyKey": f"d{i}"}
            for i in range(60)
        ]
        answers = await asyncio.gather(
            *(
                _post((first, second)[i % 2], LOG_REFERRAL, {"input": given})
                for i, given in enumerate(distinct)
            )
        )
        assert all("errors" not in a for a in answers), [a["errors"] for a in answers if "errors" in a][:3]
        assert len({a["data"]["logReferral"]["referral"]["id"] for a in answers}) == 60
        for http in (first, second):
            assert (await _post(http, COUNT))["data"]["referrals"]["totalCount"] == 61


async def test_the_neo4j_routing_scheme_works_against_a_single_server(empty_neo4j: Settings) -> None:
    assert empty_neo4j.neo4j_uri.startswith("bolt://")
    routed = dataclasses.replace(
        empty_neo4j, neo4j_uri="neo4j://" + empty_neo4j.neo4j_uri.removeprefix("bolt://")
    )
    async with serving(routed) as http:
        assert "errors" not in await _post(http, IMPORT, {"d": SMALL_DOCUMENT})
        person = await _post(http, '{ person(id: "ada") { name ties { edges { node { person { id } } } } } }')
        assert person["data"]["person"]["name"] == "Ada Park"
        given = {"referrerId": "ada", "candidateId": "cy", "companyId": "acme", "idempotencyKey": "r"}
        written = await _post(http, LOG_REFERRAL, {"input": given})
        assert written["data"]["logReferral"]["replayed"] is False
        paths = await _post(
            http, '{ introductionPaths(fromId: "cy", target: {companyId: "acme"}) { people { id } } }'
        )
        assert paths["data"]["introductionPaths"][0]["people"][0] == {"id": "cy"}
