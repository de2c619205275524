"""Both of the bench's loads into Neo4j, the offline import into the project's own local Neo4j and
Cypher batches into any other, write exactly the graph the store writes (every property, with its
type); the offline import runs only for that Neo4j."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import socket
from datetime import date
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph_service.bench import bulk_load, offline_load
from graph_service.bench.synthetic import generate
from graph_service.domain.model import (
    Company,
    Employment,
    Function,
    GraphDocument,
    PeopleFilter,
    Person,
    Seniority,
    Tie,
    TieContext,
)
from graph_service.domain.rows import document_rows
from graph_service.neo4j_local import jars as neo4j_jars
from graph_service.neo4j_local import server as local_neo4j
from graph_service.settings import Settings
from graph_service.store.neo4j.store import Neo4jStore

pytestmark = pytest.mark.neo4j

NODES = "MATCH (n:Person|Company) RETURN labels(n) AS labels, properties(n) AS props"
RELATIONSHIPS = "MATCH (a)-[r:WORKS_AT|KNOWS]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _driver(settings: Settings) -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(settings.neo4j_uri)


def _typed(props: dict[str, Any]) -> dict[str, list[Any]]:
    """Each property with the name of its type: a date must stay a date, a rank an integer."""
    return {
        key: [type(value).__name__, value.iso_format() if isinstance(value, neo4j.time.Date) else value]
        for key, value in props.items()
    }


def _graph(settings: Settings) -> list[str]:
    with _driver(settings) as driver:
        nodes = driver.execute_query(NODES).records
        relationships = driver.execute_query(RELATIONSHIPS).records
    found = [json.dumps([sorted(r["labels"]), _typed(r["props"])], sort_keys=True) for r in nodes]
    found += [
        json.dumps([r["start"], r["type"], r["end"], _typed(r["props"])], sort_keys=True)
        for r in relationships
    ]
    return sorted(found)


def _rows(document: GraphDocument) -> dict[str, list[str]]:
    return {
        kind: sorted(json.dumps(row, sort_keys=True) for row in items)
        for kind, items in document_rows(document).items()
    }


def _network() -> GraphDocument:
    """A synthetic network and the values a CSV file could get wrong: quotes, commas, line breaks,
    other scripts, empty and absent values, a position of unknown start, an inferred one."""
    document = generate(300, 2_000, seed=5)
    odd = Person(
        id="odd-one",
        name='Zoë "Z" Ñúñez, 李娜',
        headline="Head of Data,\nEMEA",
        email="zoe@example.com",
        linkedin_url="https://www.linkedin.com/in/odd-one",
    )
    firm = Company(id="odd-firm", name="Müller & Söhne, GmbH", domain="mueller.example", industry="Tools")
    document.people.append(odd)
    document.companies.append(firm)
    document.employments.extend(
        [
            Employment(
                odd.id, firm.id, 'Leiterin "Einkauf"', Seniority.DIRECTOR, Function.OPERATIONS, inferred=True
            ),
            Employment(
                odd.id,
                document.companies[0].id,
                "Analyst",
                Seniority.ENTRY,
                Function.FINANCE,
                start_date=date(2015, 3, 1),
                end_date=date(2018, 6, 30),
            ),
        ]
    )
    other = min(p.id for p in document.people if p.id != odd.id)
    document.ties.append(
        Tie(
            a=min(other, odd.id),
            b=max(other, odd.id),
            strength=0.123456789012345,
            context=TieContext.LINKEDIN,
            since=date(2020, 2, 29),
            evidence='met at "Dev, Days"\n2020',
        )
    )
    return document


async def test_both_bulk_loads_write_the_graph_the_store_writes(
    empty_neo4j: Settings, neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    document = _network()
    await neo4j_store.import_document(document)
    expected = await asyncio.to_thread(_graph, empty_neo4j)
    expected_rows = _rows(await neo4j_store.export_document())
    await asyncio.to_thread(bulk_load.into_neo4j, document, empty_neo4j, driver=_driver, say=lambda _: None)
    assert await asyncio.to_thread(_graph, empty_neo4j) == expected

    data_dir = tmp_path / "data"
    home = local_neo4j.home_of(data_dir)
    cache = neo4j_jars.cache_dir(os.environ)
    uri = await asyncio.to_thread(local_neo4j.start, home, port=_free_port(), cache=cache, timeout_s=240.0)
    try:
        settings = dataclasses.replace(empty_neo4j, neo4j_uri=uri, data_dir=data_dir)
        found_home = offline_load.local_home(settings)
        assert found_home is not None
        seconds, _ = await asyncio.to_thread(
            offline_load.into_local_neo4j,
            document,
            settings,
            found_home,
            cache=cache,
            driver=_driver,
            say=lambda _: None,
        )
        assert {"write_csv", "stop", "import", "start", "schema", "check"} <= set(seconds)
        assert await asyncio.to_thread(_graph, settings) == expected
        store = await Neo4jStore.connect(settings)
        try:
            assert _rows(await store.export_document()) == expected_rows
            named = await store.list_people(PeopleFilter(name_contains="nunez"), first=5, after=None)
            assert [p.id for p in named.items] == ["odd-one"]
        finally:
            await store.close()
    finally:
        await asyncio.to_thread(local_neo4j.stop, home)


def test_only_the_projects_own_running_neo4j_gets_the_offline_import(
    neo4j_settings: Settings, tmp_path: Path
) -> None:
    # The session's Neo4j is not the one `graph-service neo4j start` runs from this data directory.
    assert offline_load.local_home(dataclasses.replace(neo4j_settings, data_dir=tmp_path)) is None
    remote = dataclasses.replace(
        neo4j_settings, neo4j_uri="neo4j://graph.example.com:7687", data_dir=tmp_path
    )
    assert offline_load.local_home(remote) is None
