"""Java and the Neo4j jars for the local Neo4j: which JVM runs it, and resolving
``org.neo4j:neo4j`` from Maven Central once into a cache (see `neo4j_local.server`)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

DEFAULT_VERSION = "5.26.30"
SYSTEM_JAVA = Path("/usr/lib/jvm/java-17-openjdk-amd64/bin/java")
SUPPORTED_JAVA = (17, 21)
_LAUNCHER_DIR = Path(__file__).parent / "launcher"


class LocalNeo4jError(Exception):
    """Neo4j could not be resolved, started or stopped; the message says why and where to look."""


def _ignore(_message: str) -> None:
    return None


def cache_dir(environ: Mapping[str, str]) -> Path:
    """Where resolved jars live: $GRAPH_SERVICE_CACHE_DIR, else ~/.cache/graph-service."""
    configured = environ.get("GRAPH_SERVICE_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    home = environ.get("HOME")
    return (Path(home) if home else Path.home()) / ".cache" / "graph-service"


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Serialise resolution or start-up between processes (e.g. pytest-xdist workers)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- Java ------------------------------------------------------------------------------


def _java_major(java: Path) -> int | None:
    try:
        result = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _java_problem(java: Path) -> str | None:
    """Why this java cannot run the launcher, or None if it can."""
    if not java.is_file():
        return f"{java} does not exist"
    major = _java_major(java)
    if major not in SUPPORTED_JAVA:
        return f"{java} is Java {major}; Neo4j 5.26 needs Java 17 or 21"
    # Running Launcher.java as a source file needs the compiler module of a full JDK.
    if not (java.resolve().parent / "javac").is_file():
        return f"{java} is a JRE without javac; a JDK is needed"
    return None


def find_java(environ: Mapping[str, str]) -> Path:
    """A Java 17 or 21 JDK: $GRAPH_SERVICE_JAVA, $JAVA_HOME, the system JDK 17, or PATH."""
    explicit = environ.get("GRAPH_SERVICE_JAVA")
    if explicit:
        problem = _java_problem(Path(explicit))
        if problem is not None:
            raise LocalNeo4jError(f"GRAPH_SERVICE_JAVA is not usable: {problem}")
        return Path(explicit)
    candidates: list[Path] = []
    if environ.get("JAVA_HOME"):
        candidates.append(Path(environ["JAVA_HOME"]) / "bin" / "java")
    candidates.append(SYSTEM_JAVA)
    on_path = shutil.which("java", path=environ.get("PATH"))
    if on_path:
        candidates.append(Path(on_path))
    problems = []
    for candidate in candidates:
        problem = _java_problem(candidate)
        if problem is None:
            return candidate
        problems.append(problem)
    raise LocalNeo4jError(
        "no Java 17 or 21 JDK found (set GRAPH_SERVICE_JAVA to its bin/java): " + "; ".join(problems)
    )


# --- jars ------------------------------------------------------------------------------


def _resolution_stamp(version: str) -> str:
    pom = (_LAUNCHER_DIR / "pom.xml").read_bytes()
    return f"{version} {hashlib.sha256(pom).hexdigest()}\n"


def resolve_jars(
    cache: Path, *, version: str = DEFAULT_VERSION, log: Callable[[str], None] = _ignore
) -> Path:
    """The folder of Neo4j's jars, resolved from Maven Central on first use.

    The marker is written only after Maven succeeded, and records the pom's hash, so an
    interrupted resolution or a changed pom is redone.
    """
    root = cache / f"neo4j-{version}"
    lib = root / "lib"
    marker = root / "resolved"
    stamp = _resolution_stamp(version)
    with locked(root / ".lock"):
        if marker.is_file() and marker.read_text() == stamp and lib.is_dir():
            return lib
        log(f"resolving Neo4j {version} jars from Maven Central into {lib}")
        marker.unlink(missing_ok=True)
        partial = root / "lib.partial"
        shutil.rmtree(partial, ignore_errors=True)
        _run_maven(version, partial, root / "maven.log")
        shutil.rmtree(lib, ignore_errors=True)
        partial.rename(lib)
        marker.write_text(stamp)
        log(f"resolved {sum(1 for _ in lib.glob('*.jar'))} jars")
    return lib


def compiled_launcher(java: Path, lib: Path) -> Path:
    """The folder of `Launcher.class`, compiled once per Launcher.java beside the jars: running the
    source file compiles it on every start, seconds on a busy machine."""
    source = _LAUNCHER_DIR / "Launcher.java"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    classes = lib.parent / f"launcher-{digest}"
    with locked(lib.parent / ".launcher.lock"):
        if (classes / "Launcher.class").is_file():
            return classes
        partial = lib.parent / "launcher.partial"
        shutil.rmtree(partial, ignore_errors=True)
        javac = java.resolve().parent / "javac"
        command = [str(javac), "-cp", f"{lib}{os.sep}*", "-d", str(partial), str(source)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        if result.returncode != 0:
            raise LocalNeo4jError(
                f"compiling {source} failed (javac exit {result.returncode}):\n{result.stderr}"
            )
        partial.rename(classes)
    return classes


def _run_maven(version: str, output: Path, maven_log: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalNeo4jError("Maven (mvn) is not on PATH; it is needed to fetch Neo4j's jars")
    command = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(_LAUNCHER_DIR / "pom.xml"),
        f"-Dneo4j.version={version}",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={output}",
    ]
    with maven_log.open("w") as out:
        code = subprocess.call(command, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    if code != 0:
        raise LocalNeo4jError(
            f"resolving org.neo4j:neo4j:{version} failed (mvn exit {code}); "
            f"log {maven_log}:\n{tail(maven_log)}"
        )


def tail(path: Path, lines: int = 30) -> str:
    """The last lines of a log, for an error message."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])
