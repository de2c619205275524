"""Bulk loading for `graph-service bench`: the memory store's own import, or Neo4j cleared,
its schema applied, and rows written in batches of separate transactions (one transaction, as
`Neo4jStore.import_document` uses, is too big for millions of ties)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, LiteralString

import neo4j

from graph_service.domain.model import GraphDocument
from graph_service.settings import Settings

LOAD_BATCH = 10_000
# Relationships first: detaching hub nodes with all their ties in one batch can exceed the
# transaction memory pool on a large graph.
CLEAR_RELATIONSHIPS: LiteralString = "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
CLEAR_DATABASE: LiteralString = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
CLEAR_TIMEOUT_SECONDS = 900.0


def into_memory(document: GraphDocument, data_dir: Path) -> float:
    from graph_service.store.memory.store import MemoryStore

    async def load() -> None:
        store = MemoryStore.open(data_dir)
        try:
            await store.import_document(document)
        finally:
            await store.close()

    began = time.perf_counter()
    asyncio.run(load())
    return time.perf_counter() - began


def into_neo4j(
    document: GraphDocument,
    settings: Settings,
    *,
    driver: Callable[[Settings], neo4j.Driver],
    say: Callable[[str], None],
) -> tuple[dict[str, float], str]:
    """Clear the database, apply the schema, load in batches; the seconds of each kind's load."""
    from graph_service.store.neo4j import cypher
    from graph_service.store.neo4j.hiring import tie_params as _tie_params
    from graph_service.store.neo4j.store import Neo4jStore, _job_params, company_props, person_props

    with driver(settings) as session_driver:
        server = session_driver.get_server_info().agent
        say(f"clearing {settings.neo4j_uri} ({server})")
        with session_driver.session(database=settings.neo4j_database) as session:
            for statement in (CLEAR_RELATIONSHIPS, CLEAR_DATABASE):
                session.run(neo4j.Query(statement, timeout=CLEAR_TIMEOUT_SECONDS)).consume()

        async def apply_schema() -> None:
            store = await Neo4jStore.connect(settings)
            await store.close()

        asyncio.run(apply_schema())
        parts: list[tuple[str, LiteralString, Sequence[Any], Callable[[Any], dict[str, Any]]]] = [
            ("companies", cypher.UPSERT_COMPANIES, document.companies, company_props),
            ("people", cypher.UPSERT_PEOPLE, document.people, person_props),
            ("employments", cypher.UPSERT_EMPLOYMENTS, document.employments, _job_params),
            ("ties", cypher.UPSERT_TIES, document.ties, _tie_params),
        ]
        seconds: dict[str, float] = {}
        with session_driver.session(database=settings.neo4j_database) as session:
            for kind, statement, items, params in parts:
                began = time.perf_counter()
                for start in range(0, len(items), LOAD_BATCH):
                    batch = [params(item) for item in items[start : start + LOAD_BATCH]]
                    session.execute_write(_write_batch, statement, batch)
                seconds[kind] = time.perf_counter() - began
                say(f"  {len(items)} {kind} in {seconds[kind]:.1f} s")
        return seconds, server


def _write_batch(tx: neo4j.ManagedTransaction, statement: LiteralString, items: list[dict[str, Any]]) -> None:
    tx.run(statement, rows=items).consume()
