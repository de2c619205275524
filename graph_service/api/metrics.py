"""The service's Prometheus metrics, in a registry of their own per app (so one app per test).

Under `serve --workers N` every process writes its figures to files in PROMETHEUS_MULTIPROC_DIR
(prometheus-client's multiprocess mode, chosen by that variable when the package is imported), and
whichever process answers `/metrics` renders the sum over all of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "graph_service_requests",
            "Requests by operation (the GraphQL operation type and root fields) and outcome code.",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "graph_service_request_seconds",
            "Request latency by operation.",
            ["operation"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.too_broad = Counter(
            "graph_service_searches_refused_too_broad",
            "Path searches refused with SEARCH_TOO_BROAD.",
            registry=self.registry,
        )
        self.replayed = Counter(
            "graph_service_writes_replayed",
            "Writes answered from an earlier write with the same idempotency key, by mutation.",
            ["mutation"],
            registry=self.registry,
        )
        self._connections = Gauge(
            "graph_service_neo4j_connections_in_use",
            "Neo4j connections held by statements running now (0 on the embedded store).",
            registry=self.registry,
            multiprocess_mode="livesum",  # the live processes' connections added up
        )
        self._shared = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        self._in_use: Callable[[], int] = lambda: 0

    def count_connections_with(self, in_use: Callable[[], int]) -> None:
        self._in_use = in_use
        if self._shared is None:
            self._connections.set_function(in_use)  # read when rendered
        else:
            self._connections.set(in_use())  # a file the other processes read: kept by `observe`

    def observe(self, operation: str, outcome: str, seconds: float) -> None:
        self.requests.labels(operation, outcome).inc()
        self.latency.labels(operation).observe(seconds)
        if self._shared is not None:
            self._connections.set(self._in_use())

    def render(self) -> bytes:
        if self._shared is None:
            return generate_latest(self.registry)
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined, path=self._shared)  # type: ignore[no-untyped-call]
        return generate_latest(combined)
