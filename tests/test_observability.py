"""Metrics in the Prometheus text format and one JSON log line per request, on both stores."""

from __future__ import annotations

import json
import logging

import pytest

from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people } }"
LOG_REFERRAL = """mutation($input: LogReferralInput!) {
  logReferral(input: $input) { replayed referral { id } } }"""


def _value(metrics: str, sample: str, *, missing: float | None = None) -> float:
    for line in metrics.splitlines():
        if line.startswith(sample + " "):
            return float(line.rsplit(" ", 1)[1])
    if missing is not None:
        return missing
    raise AssertionError(f"{sample} is not in the metrics")


async def test_metrics_count_requests_by_operation_and_outcome_and_replayed_writes(
    client: GraphQLClient,
) -> None:
    # The counters are the process's: compare with what they said before (an app may be shared).
    before = (await client.http.get("/metrics")).text
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    await client.data('{ person(id: "ada") { name } }')
    await client.error('{ person(id: "nobody") { name } }')
    given = {"referrerId": "ada", "candidateId": "cy", "companyId": "acme", "idempotencyKey": "k1"}
    for _ in range(2):
        await client.data(LOG_REFERRAL, {"input": given})

    response = await client.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text

    def grew(sample: str) -> float:
        return _value(text, sample) - _value(before, sample, missing=0.0)

    assert grew('graph_service_requests_total{operation="query person",outcome="OK"}') == 1
    assert grew('graph_service_requests_total{operation="query person",outcome="NOT_FOUND"}') == 1
    assert grew('graph_service_requests_total{operation="mutation logReferral",outcome="OK"}') == 2
    assert grew('graph_service_writes_replayed_total{mutation="mutation logReferral"}') == 1
    assert grew('graph_service_request_seconds_count{operation="query person"}') == 2
    assert grew("graph_service_searches_refused_too_broad_total") == 0
    assert _value(text, "graph_service_neo4j_connections_in_use") >= 0  # the start-up planning may hold one


async def test_each_request_logs_one_json_line_with_its_id_and_no_query_or_data(
    client: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="graph_service.requests"):
        response = await client.post(
            "query Lookup($id: ID!) { person(id: $id) { name email } }", {"id": "cy"}
        )
        given = await client.post('{ person(id: "ada") { name } }', headers={"x-request-id": "edge-42"})
    assert response.json()["data"]["person"]["email"] == "cy@mail.example"
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "graph_service.requests"]
    assert len(lines) == 2
    first, second = lines
    assert first["requestId"] == response.headers["x-request-id"]
    assert second["requestId"] == given.headers["x-request-id"] == "edge-42"
    assert first["operation"] == "query person"
    assert first["outcome"] == "OK"
    assert first["status"] == 200
    assert first["durationMs"] > 0
    logged = caplog.text
    for private in ("cy@mail.example", "Cy Okafor", "Lookup", "email", '"cy"'):
        assert private not in logged
