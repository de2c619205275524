"""Neo4j killed with SIGKILL under load: requests fail fast with SERVICE_UNAVAILABLE, `/readyz`
says 503, the same service process serves again within seconds of Neo4j's return, and every
write that clients retried with its idempotency key ends stored exactly once.

The test starts a Neo4j of its own (its own home and port), so the session's Neo4j is untouched.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest

from graph_service.neo4j_local import jars as neo4j_jars
from graph_service.neo4j_local import server as local_neo4j
from graph_service.settings import Settings
from tests.graphql_client import serving

CLIENTS = 8
WRITES_PER_CLIENT = 25
LOG_REFERRAL = """mutation($input: LogReferralInput!) {
  logReferral(input: $input) { replayed referral { id } } }"""
IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people } }"
PERSON = '{ person(id: "r0") { id } }'
REFERRALS = """query($after: String) {
  referrals(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }"""


class OwnNeo4j:
    def __init__(self, home: Path, port: int) -> None:
        self.home = home
        self.port = port
        self.uri = self.start()

    def start(self) -> str:
        return local_neo4j.start(self.home, port=self.port, cache=neo4j_jars.cache_dir(os.environ))

    def wait_answering(self) -> None:
        """Until Neo4j answers a statement (its Bolt port opens before its database is up)."""
        with neo4j.GraphDatabase.driver(self.uri, auth=None) as driver:
            for _ in range(1200):
                try:
                    driver.execute_query("RETURN 1")
                    return
                except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError):
                    time.sleep(0.05)
        raise AssertionError("Neo4j did not answer after its restart")

    def kill(self) -> None:
        pid = int((self.home / "neo4j.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        for _ in range(200):
            try:
                os.waitpid(pid, os.WNOHANG)
                os.kill(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                return
            time.sleep(0.05)
        raise AssertionError(f"Neo4j (pid {pid}) did not die")


@pytest.fixture(scope="module")
def own_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnNeo4j]:
    home = tmp_path_factory.mktemp("neo4j-faults")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    try:
        server = OwnNeo4j(home, port)
    except neo4j_jars.LocalNeo4jError as error:
        pytest.fail(f"could not start a Neo4j for the fault tests: {error}", pytrace=False)
    try:
        yield server
    finally:
        local_neo4j.stop(home)


def network() -> dict[str, Any]:
    people = [f"r{i}" for i in range(CLIENTS * 2)]
    return {
        "companies": [{"id": "acme", "name": "Acme"}],
        "people": [{"id": p, "name": p.upper()} for p in people],
        "employments": [],
        "ties": [],
    }


def referral_input(client: int, n: int) -> dict[str, Any]:
    return {
        "referrerId": f"r{client}",
        "candidateId": f"r{CLIENTS + client}",
        "companyId": "acme",
        "roleTitle": f"Role {n}",
        "idempotencyKey": f"fault-{client}-{n}",
    }


async def first_error_code(http: httpx.AsyncClient, query: str) -> str | None:
    body = (await http.post("/graphql", json={"query": query})).json()
    errors = body.get("errors")
    return str(errors[0]["extensions"]["code"]) if errors else None


@pytest.mark.neo4j
async def test_neo4j_killed_mid_load_loses_no_write_and_the_service_recovers(
    own_neo4j: OwnNeo4j, tmp_path: Path
) -> None:
    settings = Settings(store="neo4j", neo4j_uri=own_neo4j.uri, data_dir=tmp_path)
    acknowledged: dict[str, str] = {}
    failures: list[str] = []
    async with serving(settings) as http:
        while (await http.get("/readyz")).status_code != 200:  # as a load balancer waits
            await asyncio.sleep(0.2)
        body = (await http.post("/graphql", json={"query": IMPORT, "variables": {"d": network()}})).json()
        assert "errors" not in body, body

        async def client(number: int) -> None:
            for n in range(WRITES_PER_CLIENT):
                given = referral_input(number, n)
                while True:  # retry on any error, with the same key
                    try:
                        response = await http.post(
                            "/graphql", json={"query": LOG_REFERRAL, "variables": {"input": given}}
                        )
                        body = response.json()
                    except httpx.HTTPError as error:
                        failures.append(type(error).__name__)
                    else:
                        if "errors" not in body:
                            acknowledged[given["idempotencyKey"]] = body["data"]["logReferral"]["referral"][
                                "id"
                            ]
                            break
                        failures.append(body["errors"][0]["extensions"]["code"])
                    await asyncio.sleep(0.05)

        writers = [asyncio.create_task(client(i)) for i in range(CLIENTS)]
        while len(acknowledged) < 40:
            await asyncio.sleep(0.01)
        own_neo4j.kill()
        killed = time.monotonic()

        began = time.monotonic()
        assert await first_error_code(http, PERSON) == "SERVICE_UNAVAILABLE"
        assert time.monotonic() - began < 1.0
        while (await http.get("/readyz")).status_code != 503:
            assert time.monotonic() - killed < 2.0, "/readyz still said ready 2 s after Neo4j died"

        await asyncio.to_thread(own_neo4j.start)
        await asyncio.to_thread(own_neo4j.wait_answering)
        back = time.monotonic()
        while await first_error_code(http, PERSON) is not None:
            assert time.monotonic() - back < 5.0, "the service did not serve again within 5 s"
            await asyncio.sleep(0.05)
        while (await http.get("/readyz")).status_code != 200:
            assert time.monotonic() - back < 5.0, "/readyz did not say ready within 5 s"
            await asyncio.sleep(0.05)

        await asyncio.wait_for(asyncio.gather(*writers), timeout=120)
        stored: list[str] = []
        after = None
        while True:
            page = (
                await http.post("/graphql", json={"query": REFERRALS, "variables": {"after": after}})
            ).json()
            connection = page["data"]["referrals"]
            stored += [edge["node"]["id"] for edge in connection["edges"]]
            if not connection["pageInfo"]["hasNextPage"]:
                break
            after = connection["pageInfo"]["endCursor"]

    assert "SERVICE_UNAVAILABLE" in failures  # the clients did see the outage
    assert set(failures) <= {"SERVICE_UNAVAILABLE"}, failures
    assert len(acknowledged) == CLIENTS * WRITES_PER_CLIENT
    assert sorted(stored) == sorted(acknowledged.values())  # each write exactly once
