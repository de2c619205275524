"""The embedded store's tokens and audit log, in SQLite tables beside its journal."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from graph_service.domain.access import ApiToken, AuditEntry, AuditFilter, Role
from graph_service.domain.errors import Conflict
from graph_service.domain.model import Page
from graph_service.store.audit import audit_from_row, audit_row

ACCESS_FILE = "access.sqlite3"
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS tokens (
        name TEXT PRIMARY KEY, role TEXT NOT NULL, person_id TEXT,
        token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit (
        id TEXT PRIMARY KEY, at TEXT NOT NULL, principal TEXT NOT NULL, role TEXT NOT NULL,
        operation TEXT NOT NULL, subject TEXT)""",
)
TOKEN_COLUMNS = "name, role, person_id, token_hash, created_at"
AUDIT_FIELDS = ("id", "at", "principal", "role", "operation", "subject")
AUDIT_COLUMNS = ", ".join(AUDIT_FIELDS)


class AccessTables:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(data_dir / ACCESS_FILE, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        for statement in SCHEMA:
            self._db.execute(statement)

    def close(self) -> None:
        self._db.close()

    def save_token(self, token: ApiToken) -> None:
        try:
            self._db.execute(
                f"INSERT INTO tokens ({TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                (
                    token.name,
                    token.role.value,
                    token.person_id,
                    token.token_hash,
                    token.created_at.isoformat(),
                ),
            )
        except sqlite3.IntegrityError:
            raise Conflict(f"a token named {token.name!r} already exists") from None

    def tokens(self) -> list[ApiToken]:
        rows = self._db.execute(f"SELECT {TOKEN_COLUMNS} FROM tokens ORDER BY name").fetchall()
        return [_token(row) for row in rows]

    def delete_token(self, name: str) -> bool:
        return self._db.execute("DELETE FROM tokens WHERE name = ?", (name,)).rowcount > 0

    def token_by_hash(self, token_hash: str) -> ApiToken | None:
        row = self._db.execute(
            f"SELECT {TOKEN_COLUMNS} FROM tokens WHERE token_hash = ?", (token_hash,)
        ).fetchone()
        return None if row is None else _token(row)

    def append_audit(self, entry: AuditEntry) -> None:
        """Idempotent: an entry journaled with its write is copied here again at every start."""
        self._db.execute(
            f"INSERT OR IGNORE INTO audit ({AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            tuple(audit_row(entry)[field] for field in AUDIT_FIELDS),
        )

    def audit_entries(self, where: AuditFilter, *, first: int, after: str | None) -> Page[AuditEntry]:
        rows = self._db.execute(
            f"SELECT {AUDIT_COLUMNS} FROM audit WHERE (? IS NULL OR id > ?)"
            " AND (? IS NULL OR principal = ?) AND (? IS NULL OR operation = ?) ORDER BY id LIMIT ?",
            (after, after, where.principal, where.principal, where.operation, where.operation, first + 1),
        ).fetchall()
        entries = [audit_from_row(dict(zip(AUDIT_FIELDS, row, strict=True))) for row in rows]
        return Page(entries[:first], len(entries) > first)


def _token(row: tuple[str, str, str | None, str, str]) -> ApiToken:
    return ApiToken(row[0], Role(row[1]), row[2], row[3], datetime.fromisoformat(row[4]))
