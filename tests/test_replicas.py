"""Two service processes on one Neo4j, as behind a load balancer: idempotency holds across them and
no concurrent write is lost (nor its audit entry); the `neo4j://` routing scheme works against the
single server."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_service.settings import Settings
from tests.graphql_client import serving
from tests.sample_data import SMALL_DOCUMENT
from tests.servers import running_service

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people } }"
LOG_REFERRAL = """mutation($input: LogReferralInput!) {
  logReferral(input: $input) { replayed referral { id } } }"""
COUNT = "{ referrals(first: 1) { totalCount } }"
# A service on Neo4j plans every statement shape before it is ready: slow on a busy machine.
STARTUP_SECONDS = 240

pytestmark = pytest.mark.neo4j


async def _post(http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    return (await http.post("/graphql", json={"query": query, "variables": variables or {}})).json()


async def test_two_service_processes_keep_one_referral_per_key_and_lose_no_distinct_write(
    empty_neo4j: Settings, tmp_path: Path
) -> None:
    """Two `graph-service serve` processes on the test Neo4j, as behind a load balancer."""
    with (
        running_service(empty_neo4j, tmp_path / "one", seed=False, ready_seconds=STARTUP_SECONDS) as one,
        running_service(empty_neo4j, tmp_path / "two", seed=False, ready_seconds=STARTUP_SECONDS) as two,
    ):
        async with (
            httpx.AsyncClient(base_url=one, timeout=60) as first,
            httpx.AsyncClient(base_url=two, timeout=60) as second,
        ):
            assert "errors" not in await _post(first, IMPORT, {"d": SMALL_DOCUMENT})

            same = {"referrerId": "ada", "candidateId": "cy", "companyId": "acme", "idempotencyKey": "one"}
            answers = await asyncio.gather(
                *(_post((first, second)[i % 2], LOG_REFERRAL, {"input": same}) for i in range(100))
            )
            assert all("errors" not in a for a in answers), [a["errors"] for a in answers if "errors" in a][
                :3
            ]
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
            assert all("errors" not in a for a in answers), [a["errors"] for a in answers if "errors" in a][
                :3
            ]
            assert len({a["data"]["logReferral"]["referral"]["id"] for a in answers}) == 60
            for http in (first, second):
                assert (await _post(http, COUNT))["data"]["referrals"]["totalCount"] == 61
            audited = await _post(
                first,
                '{ auditLog(filter: {operation: "Mutation.logReferral"}, first: 100) { edges { node { subject } } } }',
            )
            assert len(audited["data"]["auditLog"]["edges"]) == 61


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
