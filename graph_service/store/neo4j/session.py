"""The Neo4j store's plumbing, which every role module of it builds on: one driver, statements and
transactions with their timeouts, counted connections, errors translated at the boundary."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine, Mapping
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import AsyncManagedTransaction, Query, RoutingControl

from graph_service.domain.access import AuditEntry
from graph_service.store import audit
from graph_service.store.audit import audit_row
from graph_service.store.neo4j.failures import through_contention, translated

T = TypeVar("T")

APPEND_AUDIT: LiteralString = "CREATE (e:AuditEntry) SET e = $audit"
# The same, as a clause a write statement ends with, for a null `$audit` too: one round trip less.
AUDITED: LiteralString = (
    " FOREACH (entry IN CASE WHEN $audit IS NULL THEN [] ELSE [$audit] END |"
    " CREATE (e:AuditEntry) SET e = entry) "
)


class Neo4jSession:
    def __init__(
        self, driver: neo4j.AsyncDriver, *, database: str, timeout: float, search_timeout: float
    ) -> None:
        self._driver = driver
        self._database = database
        self._timeout = timeout
        self._search_timeout = search_timeout
        self._in_use = 0

    def connections_in_use(self) -> int:
        return self._in_use

    @contextlib.asynccontextmanager
    async def _using(self, *, too_broad: str | None = None) -> AsyncIterator[None]:
        """One statement or transaction on a connection: counted while it runs, errors translated."""
        self._in_use += 1
        try:
            async with translated(too_broad=too_broad):
                yield
        finally:
            self._in_use -= 1

    async def _transaction(self, work: Any, *, audit_subject: str | None = None, audited: bool = True) -> Any:
        """Run `work` in one managed write transaction, with the pending audit entry (if any)
        unless `audited` is False: then `work` writes the entry itself and the caller marks it."""
        entry = audit.due(subject=audit_subject) if audited else None
        whole = work if entry is None else _with_audit(work, entry)

        async def attempt() -> Any:
            async with self._using(), self._driver.session(database=self._database) as session:
                # BEGIN goes out with the first statement instead of waiting for its own answer:
                # one round trip less per write, as the driver's `execute_query` does (the same
                # switch; the driver offers it no other way).
                with session._pipelined_begin:
                    return await session.execute_write(timed(whole, self._timeout))

        result = await detached(through_contention(attempt))
        if entry is not None:
            audit.written()
        return result

    async def _read(self, statement: LiteralString, **params: Any) -> list[neo4j.Record]:
        return await self._read_within(self._timeout, statement, **params)

    async def _read_within(
        self, seconds: float, statement: LiteralString, **params: Any
    ) -> list[neo4j.Record]:
        async with self._using():
            records, _, _ = await detached(
                self._driver.execute_query(
                    Query(statement, timeout=seconds),
                    params,
                    routing_=RoutingControl.READ,
                    database_=self._database,
                )
            )
        return records

    async def _read_at_once(self, statement: LiteralString, **params: Any) -> list[neo4j.Record]:
        """One read as an auto-commit statement: one round trip (RUN and PULL), where a managed
        transaction takes two (BEGIN, RUN and PULL, then COMMIT). For the hottest reads; a read
        that lost its connection (one the pool held across a Neo4j restart) is tried once more."""

        async def run() -> list[neo4j.Record]:
            async with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                result = await session.run(Query(statement, timeout=self._timeout), params)
                return [record async for record in result]

        async with self._using():
            try:
                return await detached(run())
            except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired):
                return await detached(run())

    async def _write(
        self, statement: LiteralString, *, audit_subject: str | None = None, **params: Any
    ) -> list[neo4j.Record]:
        """One statement; in a transaction with the pending audit entry when there is one."""
        if audit.due() is not None:

            async def work(tx: AsyncManagedTransaction) -> list[neo4j.Record]:
                return [record async for record in await tx.run(statement, params)]

            records: list[neo4j.Record] = await self._transaction(work, audit_subject=audit_subject)
            return records

        async def attempt() -> list[neo4j.Record]:
            async with self._using():
                records, _, _ = await self._driver.execute_query(
                    Query(statement, timeout=self._timeout),
                    params,
                    routing_=RoutingControl.WRITE,
                    database_=self._database,
                )
            return records

        result: list[neo4j.Record] = await detached(through_contention(attempt))
        return result


async def detached(call: Coroutine[Any, Any, T]) -> T:
    """Run a driver call to its end even when the request awaiting it is cancelled by its time
    limit: a call cut midway leaves its connection broken. The statement's own timeout bounds it."""
    task = asyncio.ensure_future(call)
    task.add_done_callback(_retrieve)
    return await asyncio.shield(task)


def _retrieve(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()


def timed(work: Any, seconds: float) -> Any:
    return neo4j.unit_of_work(timeout=seconds)(work)


def audit_params(entry: AuditEntry | None) -> dict[str, Any] | None:
    """An audit entry as the properties of its `(:AuditEntry)` node."""
    return None if entry is None else audit_row(entry)


def _with_audit(work: Any, entry: AuditEntry) -> Any:
    async def audited(tx: AsyncManagedTransaction) -> Any:
        result = await work(tx)
        await (await tx.run(APPEND_AUDIT, audit=audit_params(entry))).consume()
        return result

    return audited


def plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """Neo4j temporal values to ISO strings, nulls dropped: the row format."""
    return {
        k: (v.iso_format() if isinstance(v, neo4j.time.Date) else v)
        for k, v in values.items()
        if v is not None
    }
