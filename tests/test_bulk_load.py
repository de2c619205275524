"""The bench's bulk load into Neo4j writes the same graph the store's own import writes."""

from __future__ import annotations

import asyncio
import json

import neo4j
import pytest

from graph_service.bench import bulk_load
from graph_service.bench.synthetic import generate
from graph_service.domain.model import Employment, GraphDocument
from graph_service.domain.rows import document_rows
from graph_service.settings import Settings
from graph_service.store.neo4j.store import Neo4jStore


def _rows(document: GraphDocument) -> dict[str, list[str]]:
    return {
        kind: sorted(json.dumps(row, sort_keys=True) for row in items)
        for kind, items in document_rows(document).items()
    }


@pytest.mark.neo4j
async def test_bulk_load_writes_the_graph_the_store_writes(
    empty_neo4j: Settings, neo4j_store: Neo4jStore
) -> None:
    document = generate(300, 2_000, seed=5)
    inferred = Employment(
        person_id=document.people[0].id,
        company_id=document.companies[0].id,
        title="Head of Data",
        seniority=document.employments[0].seniority,
        function=document.employments[0].function,
        inferred=True,
    )
    document.employments.append(inferred)
    told: list[tuple[str, int, int]] = []

    def driver(settings: Settings) -> neo4j.Driver:
        return neo4j.GraphDatabase.driver(settings.neo4j_uri)

    seconds, _ = await asyncio.to_thread(
        bulk_load.into_neo4j,
        document,
        empty_neo4j,
        driver=driver,
        say=lambda _: None,
        tell=lambda *progress: told.append(progress),
    )
    assert set(seconds) == {"companies", "people", "employments", "ties"}
    assert ("ties", 2_000, 2_000) in told
    assert _rows(await neo4j_store.export_document()) == _rows(document)
