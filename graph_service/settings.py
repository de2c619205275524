"""Settings, read once from an environment mapping; a bad value stops the start."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

STORES = ("memory", "neo4j")
ENVIRONMENTS = ("development", "production")
MIN_TOKEN_LENGTH = 32
PRODUCTION_RATE_LIMIT = 60_000
MAX_WORKERS = 64


class SettingsError(Exception):
    """A variable with a value the service cannot run with; the message names it."""


@dataclass(frozen=True)
class Settings:
    store: str = "memory"
    data_dir: Path = Path(".graph-service")
    environment: str = "development"
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str = "neo4j"
    api_token: str | None = field(default=None, repr=False)
    query_timeout_seconds: float = 5.0
    search_timeout_seconds: float = 1.0
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_body_bytes: int = 8 * 1024 * 1024
    max_cost: int = 10_000
    # cost per principal per minute; None: PRODUCTION_RATE_LIMIT in production, off in development
    rate_limit: int | None = None
    request_timeout_seconds: float = 10.0
    # heavy requests running at once; None: the store's default (`api.guard.HEAVY_SLOTS`)
    heavy_slots: int | None = None
    # service processes `serve` runs on one port (Neo4j only: the embedded store has one owner)
    workers: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.workers <= MAX_WORKERS:
            raise SettingsError(
                f"GRAPH_SERVICE_WORKERS (--workers) must be from 1 to {MAX_WORKERS}; got {self.workers}"
            )
        if self.workers > 1 and self.store != "neo4j":
            raise SettingsError(
                f"{self.workers} workers: the embedded store's data folder has one owner process; "
                "several workers need GRAPH_SERVICE_STORE=neo4j"
            )
        if self.api_token is not None and len(self.api_token) < MIN_TOKEN_LENGTH:
            raise SettingsError(
                f"GRAPH_SERVICE_API_TOKEN must be at least {MIN_TOKEN_LENGTH} characters long; "
                f"the one given has {len(self.api_token)}"
            )

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def cost_per_minute(self) -> int:
        """0 when the rate limit is off."""
        if self.rate_limit is not None:
            return self.rate_limit
        return PRODUCTION_RATE_LIMIT if self.production else 0

    @property
    def cost_per_minute_per_worker(self) -> int:
        """Each of `workers` processes keeps its own buckets: a principal's budget is shared out
        among them (rounded up), as the connections of a principal are among the processes."""
        return -(-self.cost_per_minute // self.workers)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        def get(name: str) -> str | None:
            value = environ.get(f"GRAPH_SERVICE_{name}")
            return value if value not in (None, "") else None

        values: dict[str, object] = {}
        if (store := get("STORE")) is not None:
            values["store"] = _choice("GRAPH_SERVICE_STORE", store, STORES)
        if (environment := get("ENV")) is not None:
            values["environment"] = _choice("GRAPH_SERVICE_ENV", environment, ENVIRONMENTS)
        if (data_dir := get("DATA_DIR")) is not None:
            values["data_dir"] = Path(data_dir)
        if (uri := get("NEO4J_URI")) is not None:
            if not uri.startswith(
                ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
            ):
                raise SettingsError(
                    f"GRAPH_SERVICE_NEO4J_URI must start with bolt://, neo4j:// (or their +s/+ssc forms); got {uri!r}"
                )
            values["neo4j_uri"] = uri
        for name, attribute in (
            ("NEO4J_USER", "neo4j_user"),
            ("NEO4J_PASSWORD", "neo4j_password"),
            ("NEO4J_DATABASE", "neo4j_database"),
            ("API_TOKEN", "api_token"),
        ):
            if (text := get(name)) is not None:
                values[attribute] = text
        if (timeout := get("QUERY_TIMEOUT_SECONDS")) is not None:
            values["query_timeout_seconds"] = _number(
                "GRAPH_SERVICE_QUERY_TIMEOUT_SECONDS", timeout, 0.1, 300
            )
        if (timeout := get("SEARCH_TIMEOUT_SECONDS")) is not None:
            values["search_timeout_seconds"] = _number(
                "GRAPH_SERVICE_SEARCH_TIMEOUT_SECONDS", timeout, 0.1, 60
            )
        if (timeout := get("REQUEST_TIMEOUT_SECONDS")) is not None:
            values["request_timeout_seconds"] = _number(
                "GRAPH_SERVICE_REQUEST_TIMEOUT_SECONDS", timeout, 0.1, 600
            )
        if (rate := get("RATE_LIMIT")) is not None:
            values["rate_limit"] = (
                0 if rate == "off" else int(_number("GRAPH_SERVICE_RATE_LIMIT", rate, 0, 10**9, whole=True))
            )
        for name, attribute, low, high in (
            ("MAX_COST", "max_cost", 1, 10**9),
            ("MAX_DEPTH", "max_depth", 2, 50),
            ("MAX_ALIASES", "max_aliases", 1, 500),
            ("MAX_TOKENS", "max_tokens", 100, 100_000),
            ("MAX_BODY_BYTES", "max_body_bytes", 1024, 1024**3),
            ("HEAVY_SLOTS", "heavy_slots", 1, 64),
            ("WORKERS", "workers", 1, MAX_WORKERS),
        ):
            if (text := get(name)) is not None:
                values[attribute] = int(_number(f"GRAPH_SERVICE_{name}", text, low, high, whole=True))
        return dataclasses.replace(cls(), **values)  # type: ignore[arg-type]


def _choice(variable: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise SettingsError(f"{variable} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def _number(variable: str, text: str, low: float, high: float, *, whole: bool = False) -> float:
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        kind = "a whole number" if whole else "a number"
        raise SettingsError(f"{variable} must be {kind} from {low:g} to {high:g}; got {text!r}")
    return value
