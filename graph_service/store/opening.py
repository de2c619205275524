"""Opens the store the settings choose."""

from __future__ import annotations

from graph_service.settings import Settings
from graph_service.store.memory.store import MemoryStore
from graph_service.store.protocol import Store


async def open_store(settings: Settings) -> Store:
    if settings.store == "neo4j":
        from graph_service.store.neo4j.store import Neo4jStore

        return await Neo4jStore.connect(settings)
    return MemoryStore.open(settings.data_dir)
