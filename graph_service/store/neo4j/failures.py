"""How Neo4j's failures reach the service: driver errors translated into the error tree at the
store's boundary, and writes that lost to concurrent writes tried again.

    ConstraintError                              -> Conflict
    TransactionTimedOut, MemoryPoolOutOfMemory   -> SearchTooBroad for a search, else ServiceUnavailable
    TransientError (a deadlock, a lock timeout)  -> Busy, a ServiceUnavailable that writes retry
    any other driver error, OSError              -> ServiceUnavailable
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

from neo4j import exceptions as neo4j_errors

from graph_service.domain.errors import Conflict, SearchTooBroad, ServiceUnavailable

log = logging.getLogger("graph_service.store.neo4j")
T = TypeVar("T")

# A write that lost to concurrent writes (a deadlock) is tried again for this long.
CONTENTION_RETRY_SECONDS = 30.0


class Busy(ServiceUnavailable):
    """Neo4j answered but could not apply the write now (a deadlock, a lock timeout)."""


async def through_contention(attempt: Callable[[], Awaitable[T]]) -> T:
    """Retry a write that lost to concurrent writes for up to CONTENTION_RETRY_SECONDS. The driver's
    own retries are kept short so that an unreachable Neo4j fails fast; contention is different:
    the database is there, and the write will go through once the others have."""
    deadline = time.monotonic() + CONTENTION_RETRY_SECONDS
    delay = 0.1
    while True:
        try:
            return await attempt()
        except Busy:
            if time.monotonic() + delay > deadline:
                raise
        # Spread out, so that the writers that deadlocked do not meet again at once.
        await asyncio.sleep(delay * random.uniform(0.5, 1.5))
        delay = min(delay * 2, 2.0)


@contextlib.asynccontextmanager
async def translated(*, too_broad: str | None = None) -> AsyncIterator[None]:
    """Driver errors into the error tree. Only a search (given `too_broad`) is refused as too broad
    for running out of time or memory; any other statement that does is the store being slow."""
    try:
        yield
    except neo4j_errors.ConstraintError as error:
        raise Conflict(_conflict_message(error.message or "")) from None
    except (neo4j_errors.ClientError, neo4j_errors.TransientError) as error:
        if error.code and ("TransactionTimedOut" in error.code or "MemoryPoolOutOfMemory" in error.code):
            if too_broad is not None:
                raise SearchTooBroad(too_broad) from None
            log.warning("Neo4j ran out of time or memory: %s", error.code)
            raise ServiceUnavailable("the graph store did not answer in time; try again shortly") from None
        if isinstance(error, neo4j_errors.TransientError):
            log.warning("Neo4j transient error: %s", error.code)
            raise Busy("the graph store is busy; try again shortly") from None
        log.error("Neo4j refused a statement: %s", error)
        raise
    except (neo4j_errors.DriverError, neo4j_errors.Neo4jError, OSError) as error:
        log.warning("Neo4j unavailable: %s", error)
        raise ServiceUnavailable("the graph store is not reachable; try again shortly") from None


def _conflict_message(text: str) -> str:
    for key, what in (
        ("linkedinUrl", "that linkedinUrl already belongs to another person"),
        ("domain", "that domain already belongs to another company"),
        ("Company", "a company with that id already exists"),
        ("Person", "a person with that id already exists"),
    ):
        if key in text:
            return what
    return "the write clashes with something already stored"
