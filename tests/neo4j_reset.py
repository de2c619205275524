"""Clearing the session's Neo4j between tests: Community has one database."""

from __future__ import annotations

from graph_service.store.neo4j.store import Neo4jStore

CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


async def clear_neo4j(store: Neo4jStore) -> None:
    """Tests isolate by clearing data: Community has one database."""
    await store.run_admin(CLEAR)
