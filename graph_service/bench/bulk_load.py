"""Bulk loading for `graph-service bench`: the memory store's own import, or Neo4j cleared, its
schema applied, and rows created in large batches of separate transactions, two at a time.

The store's `import_document` upserts in one transaction (MERGE, maps of named values); a load into
a cleared database needs neither: nodes and relationships are CREATEd from rows sent as lists
(the driver packs a list faster than a map), 20,000 rows per transaction, and two sessions keep the
server busy while the client packs the next batch. The result is the same graph the store writes.
This is the path for any Neo4j but the project's own local one, which gets `offline_load`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, LiteralString

import neo4j

from graph_service.domain.model import Employment, GraphDocument, Tie
from graph_service.settings import Settings

LOAD_BATCH = 20_000
LOAD_SESSIONS = 2
Say = Callable[[str], None]
Tell = Callable[[str, int, int], None]
# Relationships first: detaching hub nodes with all their ties in one batch can exceed the
# transaction memory pool on a large graph.
CLEAR_RELATIONSHIPS: LiteralString = "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
CLEAR_DATABASE: LiteralString = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
CLEAR_TIMEOUT_SECONDS = 900.0

CREATE_COMPANIES: LiteralString = "UNWIND $rows AS row CREATE (c:Company) SET c = row"
CREATE_PEOPLE: LiteralString = "UNWIND $rows AS row CREATE (p:Person) SET p = row"
NODE_KEYS: LiteralString = "MATCH (n:Person|Company) RETURN collect([n.id, elementId(n)]) AS keys"
# Relationships find their ends by element id (a direct lookup), not through the id index.
CREATE_EMPLOYMENTS: LiteralString = """
UNWIND $rows AS row
MATCH (p) WHERE elementId(p) = row[0]
MATCH (c) WHERE elementId(c) = row[1]
CREATE (p)-[:WORKS_AT {key: row[2], title: row[3], seniority: row[4], rank: row[5], function: row[6],
                       startDate: row[7], endDate: row[8], inferred: row[9]}]->(c)
"""
CREATE_TIES: LiteralString = """
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row[0]
MATCH (b) WHERE elementId(b) = row[1]
CREATE (a)-[:KNOWS {strength: row[2], context: row[3], since: row[4], lastInteraction: row[5],
                    evidence: row[6]}]->(b)
"""


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
    say: Say,
    tell: Tell | None = None,
) -> tuple[dict[str, float], str]:
    """Clear the database, apply the schema, load in batches; the seconds of each kind's load."""
    from graph_service.store.neo4j.store import Neo4jStore, company_props, person_props

    with driver(settings) as session_driver:
        server = session_driver.get_server_info().agent
        say(f"clearing {settings.neo4j_uri} ({server})")
        clear(session_driver, settings.neo4j_database)

        async def apply_schema() -> None:
            store = await Neo4jStore.connect(settings)
            await store.close()

        asyncio.run(apply_schema())
        keys: dict[str, str] = {}
        parts: list[tuple[str, LiteralString, Sequence[Any], Callable[[Any], Any]]] = [
            ("companies", CREATE_COMPANIES, document.companies, company_props),
            ("people", CREATE_PEOPLE, document.people, person_props),
            ("employments", CREATE_EMPLOYMENTS, document.employments, partial(_employment, keys)),
            ("ties", CREATE_TIES, document.ties, partial(_tie, keys)),
        ]
        seconds: dict[str, float] = {}
        with ThreadPoolExecutor(LOAD_SESSIONS) as pool:
            for kind, statement, items, values in parts:
                if kind == "employments":
                    began = time.perf_counter()
                    keys.update(
                        session_driver.execute_query(NODE_KEYS, database_=settings.neo4j_database).records[0][
                            "keys"
                        ]
                    )
                    say(f"  read {len(keys)} node keys in {time.perf_counter() - began:.1f} s")
                began = time.perf_counter()
                batches = _batches(items, values)
                done = 0
                write = partial(_write, session_driver, settings.neo4j_database, statement)
                for written in pool.map(write, batches):
                    done += written
                    if tell is not None:
                        tell(kind, done, len(items))
                seconds[kind] = time.perf_counter() - began
                say(f"  {len(items)} {kind} in {seconds[kind]:.1f} s")
        return seconds, server


def clear(driver: neo4j.Driver, database: str) -> None:
    """Delete everything, in transactions small enough for a large graph."""
    with driver.session(database=database) as session:
        for statement in (CLEAR_RELATIONSHIPS, CLEAR_DATABASE):
            session.run(neo4j.Query(statement, timeout=CLEAR_TIMEOUT_SECONDS)).consume()


def _batches(items: Sequence[Any], values: Callable[[Any], Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), LOAD_BATCH):
        yield [values(item) for item in items[start : start + LOAD_BATCH]]


def _write(driver: neo4j.Driver, database: str, statement: LiteralString, batch: list[Any]) -> int:
    with driver.session(database=database) as session:
        session.execute_write(_write_batch, statement, batch)
    return len(batch)


def _write_batch(tx: neo4j.ManagedTransaction, statement: LiteralString, items: list[Any]) -> None:
    tx.run(statement, rows=items).consume()


def _employment(keys: dict[str, str], job: Employment) -> list[Any]:
    return [
        keys[job.person_id],
        keys[job.company_id],
        job.key[2],
        job.title,
        job.seniority.value,
        job.seniority.rank,
        job.function.value,
        job.start_date,
        job.end_date,
        job.inferred or None,
    ]


def _tie(keys: dict[str, str], tie: Tie) -> list[Any]:
    return [
        keys[tie.a],
        keys[tie.b],
        tie.strength,
        tie.context.value,
        tie.since,
        tie.last_interaction,
        tie.evidence,
    ]
