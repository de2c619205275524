"""Neo4j's offline importer (`neo4j-admin database import full`) run into a local Neo4j's home,
which is stopped (while the files are written) for the import and started again as it was.

The importer is `org.neo4j.cli.AdminTool` from the same Maven jars the launcher runs
(`neo4j-import-tool`, `neo4j-command-line`); it reads the home's `conf/neo4j.conf` and writes
`data/databases/<database>` and its transaction logs, replacing what was there.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from graph_service.neo4j_local import server
from graph_service.neo4j_local.jars import LocalNeo4jError, find_java, resolve_jars, tail

ADMIN_TOOL = "org.neo4j.cli.AdminTool"
IMPORTER_HEAP = "1g"
IMPORT_TIMEOUT_SECONDS = 3600.0
Say = Callable[[str], None]


def _ignore(_message: str) -> None:
    return None


@dataclass(frozen=True)
class ImportFiles:
    """CSV files with neo4j-admin headers, by the importer's option that takes them."""

    nodes: Sequence[Path]
    relationships: Sequence[Path]
    multiline: bool = False
    """Some value holds a line break: the importer must be told (it then reads more slowly)."""


def import_offline(
    home: Path,
    *,
    cache: Path,
    files: Callable[[], ImportFiles],
    database: str = "neo4j",
    log: Say = _ignore,
    timings: dict[str, float] | None = None,
) -> None:
    """Stop the home's running Neo4j while `files` writes the CSV files, import them into
    `database` (its old content is deleted), and start Neo4j again with the same port, heap and
    settings, whether or not the import succeeded. `timings`, when given, gets the seconds of each
    step: `stop` is the wait for Neo4j to exit once the files are written."""
    home = home.expanduser().resolve()
    was = server.running(home)
    if was is None:
        raise LocalNeo4jError(f"no Neo4j is running from {home}")
    java = find_java(os.environ)
    lib = resolve_jars(cache, log=log)
    steps = timings if timings is not None else {}
    log(f"stopping Neo4j (pid {was.pid}) for the offline import")
    try:
        with ThreadPoolExecutor(1) as pool:
            stopping = pool.submit(server.stop, home)
            try:
                made = files()
            finally:
                began = time.perf_counter()
                stopping.result()
                steps["stop"] = time.perf_counter() - began
        began = time.perf_counter()
        _run_importer(java, lib, home, made, database, log)
        steps["import"] = time.perf_counter() - began
    finally:
        began = time.perf_counter()
        server.start(
            home,
            port=was.port,
            cache=cache,
            heap=was.heap,
            pagecache=was.pagecache,
            tx_timeout=was.tx_timeout,
            log=log,
        )
        steps["start"] = time.perf_counter() - began


def _run_importer(java: Path, lib: Path, home: Path, files: ImportFiles, database: str, log: Say) -> None:
    logs = home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    output = logs / "import.log"
    command = [
        str(java),
        f"-Xmx{IMPORTER_HEAP}",
        "-cp",
        f"{lib}{os.sep}*",
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        *(f"--nodes={path}" for path in files.nodes),
        *(f"--relationships={path}" for path in files.relationships),
        "--overwrite-destination=true",
        "--bad-tolerance=0",
        f"--multiline-fields={'true' if files.multiline else 'false'}",
        f"--report-file={logs / 'import.report'}",
        database,
    ]
    environ = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    log(f"importing into {home} (log {output})")
    with output.open("w") as out:
        try:
            code = subprocess.call(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=environ,
                cwd=home,
                timeout=IMPORT_TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            raise LocalNeo4jError(
                f"the offline import took over {IMPORT_TIMEOUT_SECONDS:g} s; log {output}"
            ) from None
    if code != 0:
        raise LocalNeo4jError(f"the offline import failed (exit {code}); log {output}:\n{tail(output)}")
