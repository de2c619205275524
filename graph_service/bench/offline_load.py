"""The bench's fast load into the project's own local Neo4j: the network written as CSV files
while Neo4j stops, the files imported with Neo4j's offline importer, Neo4j started again, the schema
applied and the counts checked.

It runs only when the settings point at the Neo4j that `graph-service neo4j start` runs from the
data directory (on 127.0.0.1, its port, the default database); any other Neo4j (a remote server, a
cluster) is loaded with Cypher (`bulk_load.into_neo4j`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import LiteralString
from urllib.parse import urlsplit

import neo4j

from graph_service.domain.model import GraphDocument
from graph_service.neo4j_local import server
from graph_service.neo4j_local.importer import ImportFiles, import_offline
from graph_service.neo4j_local.jars import LocalNeo4jError
from graph_service.settings import Settings
from graph_service.store.neo4j.admin_csv import write_admin_csv

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
DEFAULT_DATABASE = "neo4j"
SCHEMA_TIMEOUT_SECONDS = 300.0
COUNTS: LiteralString = """
CALL () { MATCH (c:Company) RETURN count(c) AS companies }
CALL () { MATCH (p:Person) RETURN count(p) AS people }
CALL () { MATCH ()-[w:WORKS_AT]->() RETURN count(w) AS employments }
CALL () { MATCH ()-[k:KNOWS]->() RETURN count(k) AS ties }
RETURN companies, people, employments, ties
"""
Say = Callable[[str], None]
Tell = Callable[[str, int, int], None]


def local_home(settings: Settings) -> Path | None:
    """The home of the local Neo4j the settings point at, when it is the project's own and running."""
    if settings.store != "neo4j" or settings.neo4j_database != DEFAULT_DATABASE:
        return None
    address = urlsplit(settings.neo4j_uri)
    if address.scheme not in {"bolt", "neo4j"} or address.hostname not in LOCAL_HOSTS:
        return None
    home = server.home_of(settings.data_dir)
    found = server.running(home)
    if found is None or found.port != address.port:
        return None
    return home


def into_local_neo4j(
    document: GraphDocument,
    settings: Settings,
    home: Path,
    *,
    cache: Path,
    driver: Callable[[Settings], neo4j.Driver],
    say: Say,
    tell: Tell | None = None,
) -> tuple[dict[str, float], str]:
    """Replace the database with the network; the seconds of each step."""
    from graph_service.store.neo4j.store import Neo4jStore

    seconds: dict[str, float] = {}
    rows: dict[str, int] = {}

    def write(folder: Path) -> ImportFiles:
        began = time.perf_counter()
        files = write_admin_csv(document, folder, progress=tell)
        seconds["write_csv"] = time.perf_counter() - began
        rows.update(files.rows)
        say(f"  wrote {sum(files.rows.values())} rows as CSV in {seconds['write_csv']:.1f} s")
        return ImportFiles(files.nodes, files.relationships, files.multiline)

    with tempfile.TemporaryDirectory(prefix="graph-service-import-") as folder:
        import_offline(
            home,
            cache=cache,
            files=partial(write, Path(folder)),
            database=settings.neo4j_database,
            log=say,
            timings=seconds,
        )

    async def apply_schema() -> None:
        # Constraints over a full database build their indexes before they answer.
        store = await Neo4jStore.connect(
            dataclasses.replace(settings, query_timeout_seconds=SCHEMA_TIMEOUT_SECONDS)
        )
        await store.close()

    began = time.perf_counter()
    asyncio.run(apply_schema())
    seconds["schema"] = time.perf_counter() - began
    say(f"  schema applied in {seconds['schema']:.1f} s")
    began = time.perf_counter()
    with driver(settings) as session_driver:
        server_agent = session_driver.get_server_info().agent
        (record,) = session_driver.execute_query(COUNTS, database_=settings.neo4j_database).records
    _check_counts(dict(record), rows)
    seconds["check"] = time.perf_counter() - began
    return seconds, server_agent


def _check_counts(found: Mapping[str, int], expected: Mapping[str, int]) -> None:
    wrong = {kind: (found[kind], count) for kind, count in expected.items() if found[kind] != count}
    if wrong:
        described = ", ".join(f"{kind} {got} (expected {count})" for kind, (got, count) in wrong.items())
        raise LocalNeo4jError(f"the offline import left the wrong counts: {described}")
