"""The memory store's durable journal: an SQLite table of applied writes, replayed at start.

Each entry is a fragment of the import document (docs/design.md §7). An entry is committed,
with the WAL synced, before the write is applied in memory and acknowledged, so an acknowledged
write survives a `kill -9` of the process and a power cut.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    entry TEXT NOT NULL
)
"""


class Journal:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(SCHEMA)

    def append(self, entry: Mapping[str, Any]) -> None:
        with self._transaction():
            self._db.execute("INSERT INTO journal (entry) VALUES (?)", (json.dumps(entry),))

    def entries(self) -> Iterator[dict[str, Any]]:
        for (text,) in self._db.execute("SELECT entry FROM journal ORDER BY seq"):
            yield json.loads(text)

    def length(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM journal").fetchone()
        return int(count)

    def compact(self, snapshot: Mapping[str, Any]) -> None:
        """Replace every entry by one that holds the whole graph, atomically."""
        with self._transaction():
            self._db.execute("DELETE FROM journal")
            self._db.execute("INSERT INTO journal (entry) VALUES (?)", (json.dumps(snapshot),))

    def close(self) -> None:
        self._db.close()

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")
