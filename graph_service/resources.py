"""Files the package ships: the Cypher schema and the demo seed.

In a wheel they sit inside the package (`_shipped/`); in a source checkout they are read from
`schema/` and `seeds/` at the project root, so there is one copy of each.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SHIPPED = PACKAGE / "_shipped"
CHECKOUT = PACKAGE.parent


def _find(kind: str) -> Path:
    for base in (SHIPPED / kind, CHECKOUT / kind):
        if base.is_dir():
            return base
    raise FileNotFoundError(f"the package ships no {kind}/ folder")


def schema_files() -> list[Path]:
    return sorted(_find("schema").glob("*.cypher"))


def demo_seed_path() -> Path:
    return _find("seeds") / "demo.json"
