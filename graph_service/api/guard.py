"""Before a request runs: its cost against the budget and the caller's rate, and its time limit.

The cost (see `api/cost.py`) is reported in `extensions.cost` of every executed response. Over
`GRAPH_SERVICE_MAX_COST` the request is refused with `QUERY_TOO_COMPLEX`, `extensions.cost` and
`extensions.budget`. Each principal has a token bucket of cost per minute
(`GRAPH_SERVICE_RATE_LIMIT`); a request it cannot pay for is `RATE_LIMITED`, HTTP 429 with
`Retry-After`. A query (not a mutation, which must finish or not start) gets the time limit
`GRAPH_SERVICE_REQUEST_TIMEOUT_SECONDS`. Heavy requests take turns (see `HEAVY_SLOTS`).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from graph_service.api.context import Context
from graph_service.api.cost import Cost, CostCache
from graph_service.api.turns import Turns
from graph_service.settings import Settings

# Heavy requests take turns, at most HEAVY_SLOTS at a time (or `GRAPH_SERVICE_HEAVY_SLOTS`: raise it
# when Neo4j runs on a host of its own; under `serve --workers` across all workers, `api.turns`);
# they wait for a turn within their time limit, so cheap requests and /healthz find the service
# free. Heavy is a request that searches (paths, reach, the ladder) and costs HEAVY_COST or more,
# or any request that costs HEAVY_LISTS or more: a person with a hundred ties (cost 323) is a few
# milliseconds of work, a six-hop search (cost 320 and more) can be a second. The embedded store's
# work runs in this process (one at a time is fastest under the GIL). Neo4j's runs in Neo4j, one
# search on one core: on the 2-core machine that runs both, one at a time left a core for cheap
# requests (`bench --stress`, 20 clients: /healthz p99 88 ms against 154 ms with four at a time,
# and fewer searches refused as too broad).
HEAVY_COST = 200
HEAVY_LISTS = 2_000
HEAVY_SLOTS = {"memory": 1, "neo4j": 1}


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """A token bucket of cost per principal: it holds at most one minute's cost and refills steadily."""

    per_minute: int
    clock: Callable[[], float] = time.monotonic
    buckets: dict[str, _Bucket] = field(default_factory=dict)

    def charge(self, principal: str, cost: int) -> float | None:
        """None when the cost is paid; else the seconds to wait before it could be."""
        now = self.clock()
        bucket = self.buckets.setdefault(principal, _Bucket(float(self.per_minute), now))
        rate = self.per_minute / 60.0
        bucket.tokens = min(float(self.per_minute), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        price = min(max(cost, 1), self.per_minute)
        if bucket.tokens >= price:
            bucket.tokens -= price
            return None
        return (price - bucket.tokens) / rate


def is_heavy(cost: Cost) -> bool:
    return (cost.searching > 0 and cost.total >= HEAVY_COST) or cost.total >= HEAVY_LISTS


def request_guard(settings: Settings) -> Callable[[], SchemaExtension]:
    limiter = RateLimiter(settings.cost_per_minute_per_worker) if settings.cost_per_minute > 0 else None
    heavy = Turns.from_environ(settings.heavy_slots or HEAVY_SLOTS.get(settings.store, 1))
    costs = CostCache()

    class RequestGuard(SchemaExtension):
        cost = 0

        async def on_execute(self) -> AsyncIterator[None]:
            execution = self.execution_context
            assert execution.graphql_document is not None
            measured = costs.request_cost(
                execution.schema._schema,
                execution.graphql_document,
                query=execution.query,
                operation_name=execution.operation_name,
                variables=execution.variables,
            )
            self.cost = measured.total
            context = execution.context
            refusal = None if execution.result is not None else self._refusal(context)
            if refusal is not None:
                execution.result = ExecutionResult(data=None, errors=[refusal])
            elif (
                isinstance(context, Context)
                and context.time_limit is not None
                and execution.operation_type is OperationType.QUERY
            ):
                deadline = asyncio.get_running_loop().time() + settings.request_timeout_seconds
                context.time_limit.reschedule(deadline)
            if execution.result is not None or not is_heavy(measured):
                yield
                return
            async with heavy.turn():
                yield

        def _refusal(self, context: object) -> GraphQLError | None:
            if self.cost > settings.max_cost:
                return GraphQLError(
                    f"the request would cost {self.cost}; the budget is {settings.max_cost}: "
                    "ask for fewer items (first) or fewer nested lists",
                    extensions={"code": "QUERY_TOO_COMPLEX", "cost": self.cost, "budget": settings.max_cost},
                )
            if limiter is None or not isinstance(context, Context):
                return None
            wait = limiter.charge(context.principal.name, self.cost)
            if wait is None:
                return None
            seconds = max(1, math.ceil(wait))
            if context.response is not None:
                context.response.headers["retry-after"] = str(seconds)
                context.response.status_code = 429
            return GraphQLError(
                f"the rate limit of {limiter.per_minute} cost per minute is spent; retry in {seconds} s",
                extensions={"code": "RATE_LIMITED", "cost": self.cost, "retryAfter": seconds},
            )

        def get_results(self) -> dict[str, object]:
            return {"cost": self.cost}

    return RequestGuard
