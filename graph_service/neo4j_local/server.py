"""Run a local Neo4j Community 5.26 LTS for tests and development.

Neo4j comes from Maven Central only: ``mvn dependency:copy-dependencies`` resolves
``org.neo4j:neo4j`` (the embedded DBMS) into a cached folder, and a single-file Java
launcher (``launcher/Launcher.java``, compiled once beside the jars) runs it with only the Bolt connector, on
127.0.0.1. The JVM is a detached child that outlives the Python process; it is found
again through ``<home>/neo4j.pid`` and stopped by that pid.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from graph_service.neo4j_local.jars import (
    DEFAULT_VERSION,
    LocalNeo4jError,
    compiled_launcher,
    find_java,
    locked,
    resolve_jars,
    tail,
)

HOST = "127.0.0.1"


def _ignore(_message: str) -> None:
    return None


_BOLT_MAGIC = bytes.fromhex("6060B017")
# Four version proposals, each [0, range, minor, major]: 5.8 down to 5.0, 4.4 down to 4.2.
_BOLT_PROPOSALS = bytes([0, 8, 8, 5, 0, 2, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0])
_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
)
_SIZE = re.compile(r"[0-9]+[kKmMgG]?")
_DURATION = re.compile(r"[0-9]+(ms|s|m|h)?")
_INITIAL_HEAP = "256m"


# --- paths -----------------------------------------------------------------------------


def home_of(data_dir: Path) -> Path:
    """The home of the local Neo4j that `graph-service neo4j start` runs for a data directory."""
    return data_dir / "neo4j"


def _pid_file(home: Path) -> Path:
    return home / "neo4j.pid"


def _log_file(home: Path) -> Path:
    return home / "logs" / "neo4j.log"


def _settings_file(home: Path) -> Path:
    return home / "conf" / "neo4j.conf"


# --- processes -------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        # Reap it first if it is our own exited child, or it would linger as a zombie.
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_our_neo4j(pid: int, home: Path) -> bool:
    """Alive, and (where /proc tells) really the launcher of this home, not a reused pid."""
    if not _alive(pid):
        return False
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return not Path("/proc/self").exists()
    except OSError:
        return False
    launcher = any(arg == b"Launcher" or arg.endswith(b"Launcher.java") for arg in args)
    return launcher and os.fsencode(home) in args


def _read_pid(home: Path) -> int | None:
    try:
        return int(_pid_file(home).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _running_pid(home: Path) -> int | None:
    """The pid of this home's live Neo4j; a stale pid file is removed."""
    pid = _read_pid(home)
    if pid is None:
        return None
    if _is_our_neo4j(pid, home):
        return pid
    _pid_file(home).unlink(missing_ok=True)
    return None


@dataclass(frozen=True)
class Running:
    """A home's live Neo4j and what it was started with, to start it again alike."""

    pid: int
    port: int
    heap: str
    pagecache: str
    tx_timeout: str


def running(home: Path) -> Running | None:
    """This home's live Neo4j, or None."""
    home = home.expanduser().resolve()
    pid = _running_pid(home)
    port = _configured_port(home)
    if pid is None or port is None:
        return None
    defaults = _settings(port, "512m", "30s")
    try:
        text = _settings_file(home).read_text()
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        text, args = "", []
    found = dict(line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))
    heaps = [arg[len(b"-Xmx") :].decode() for arg in args if arg.startswith(b"-Xmx")]
    return Running(
        pid=pid,
        port=port,
        heap=heaps[-1] if heaps else "1g",
        pagecache=found.get("server.memory.pagecache.size", defaults["server.memory.pagecache.size"]),
        tx_timeout=found.get("db.transaction.timeout", defaults["db.transaction.timeout"]),
    )


def _wait_gone(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while _alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


# --- Bolt ------------------------------------------------------------------------------


def bolt_ready(host: str, port: int, *, timeout_s: float = 1.0) -> bool:
    """True when a Bolt server at host:port agrees on a protocol version in a handshake."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as conn:
            conn.settimeout(timeout_s)
            conn.sendall(_BOLT_MAGIC + _BOLT_PROPOSALS)
            reply = b""
            while len(reply) < 4:
                chunk = conn.recv(4 - len(reply))
                if not chunk:
                    return False
                reply += chunk
    except OSError:
        return False
    return int.from_bytes(reply, "big") != 0


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # The JVM binds with SO_REUSEADDR too, so TIME_WAIT leftovers do not count as taken.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _uri(port: int) -> str:
    return f"bolt://{HOST}:{port}"


# --- start / stop ----------------------------------------------------------------------


def _settings(port: int, pagecache: str, tx_timeout: str) -> dict[str, str]:
    return {
        "server.bolt.listen_address": f"{HOST}:{port}",
        "dbms.security.auth_enabled": "false",
        "server.memory.pagecache.size": pagecache,
        "db.transaction.timeout": tx_timeout,
        "dbms.usage_report.enabled": "false",
        "db.tx_log.preallocate": "false",
        "db.tx_log.rotation.size": "4m",
        "db.tx_log.rotation.retention_policy": "100M size",
        # Netty's graceful shutdown otherwise idles 2 x 5 s before the JVM can exit.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    }


def _write_settings(home: Path, settings: Mapping[str, str]) -> Path:
    path = _settings_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Written by graph_service.neo4j_local.server on every start; edits are lost."]
    lines += [f"{key}={value}" for key, value in settings.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def _configured_port(home: Path) -> int | None:
    try:
        text = _settings_file(home).read_text()
    except FileNotFoundError:
        return None
    match = re.search(r"^server\.bolt\.listen_address=.*:(\d+)$", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def _check_values(heap: str, pagecache: str, tx_timeout: str) -> None:
    for name, value, pattern in (
        ("heap", heap, _SIZE),
        ("pagecache", pagecache, _SIZE),
        ("tx_timeout", tx_timeout, _DURATION),
    ):
        if not pattern.fullmatch(value):
            raise LocalNeo4jError(f"invalid {name} {value!r} (expected like '1g' or '30s')")


def _size_bytes(size: str) -> int:
    multiplier = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}.get(size[-1].lower())
    return int(size) if multiplier is None else int(size[:-1]) * multiplier


def _initial_heap(heap: str) -> str:
    """Neo4j warns unless -Xms is set; -Xms equal to -Xmx (its advice) costs ~300 MiB more RSS."""
    return heap if _size_bytes(heap) < _size_bytes(_INITIAL_HEAP) else _INITIAL_HEAP


def _spawn(java: Path, lib: Path, home: Path, heap: str, settings: Path) -> int:
    """Start the launcher in its own session, so it outlives this process and its terminal."""
    classes = compiled_launcher(java, lib)
    log = _log_file(home)
    log.parent.mkdir(parents=True, exist_ok=True)
    argv = [
        str(java),
        f"-Xms{_initial_heap(heap)}",
        f"-Xmx{heap}",
        *_JVM_FLAGS,
        "-cp",
        f"{lib}{os.sep}*{os.pathsep}{classes}",
        "Launcher",
        str(home),
        str(settings),
    ]
    # posix_spawn rather than Popen: a Popen object dropped while its child runs
    # warns (ResourceWarning), and this child is meant to keep running.
    return os.posix_spawn(
        argv[0],
        argv,
        dict(os.environ),
        setsid=True,
        file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
            (os.POSIX_SPAWN_DUP2, 1, 2),
        ],
    )


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    _wait_gone(pid, 10.0)


def _wait_ready(
    pid: int, home: Path, port: int, timeout_s: float, progress: Callable[[str, int, int], None] | None = None
) -> None:
    began = time.monotonic()
    deadline = began + timeout_s
    while not bolt_ready(HOST, port):
        if progress is not None:
            progress("seconds until Bolt answers", int(time.monotonic() - began), int(timeout_s))
        if not _alive(pid):
            raise LocalNeo4jError(
                f"Neo4j (pid {pid}) exited during start-up; log {_log_file(home)}:\n" + tail(_log_file(home))
            )
        if time.monotonic() >= deadline:
            _kill(pid)
            raise LocalNeo4jError(
                f"Neo4j did not answer Bolt on {HOST}:{port} within {timeout_s:g} s and was "
                f"killed; log {_log_file(home)}:\n{tail(_log_file(home))}"
            )
        time.sleep(0.2)


def _reuse_running(home: Path, port: int, timeout_s: float) -> str | None:
    """The URI of the Neo4j already running from this home, if there is one."""
    pid = _running_pid(home)
    if pid is None:
        return None
    running_port = _configured_port(home)
    if running_port != port:
        raise LocalNeo4jError(
            f"a Neo4j (pid {pid}) from {home} is already running on port {running_port}, "
            f"not {port}; stop it first"
        )
    _wait_ready(pid, home, port, timeout_s)
    return _uri(port)


def start(
    home: Path,
    *,
    port: int = 7687,
    cache: Path,
    version: str = DEFAULT_VERSION,
    heap: str = "1g",
    pagecache: str = "512m",
    tx_timeout: str = "30s",
    timeout_s: float = 300.0,
    log: Callable[[str], None] = _ignore,
    progress: Callable[[str, int, int], None] | None = None,
) -> str:
    """Start Neo4j from ``home`` (or find it running) and return its Bolt URI; `progress` is told
    (stage, seconds waited, the most it will wait) while Neo4j starts."""
    _check_values(heap, pagecache, tx_timeout)
    home = home.expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    with locked(home / "neo4j.start.lock"):
        uri = _reuse_running(home, port, timeout_s)
        if uri is not None:
            log(f"Neo4j already running from {home} at {uri}")
            return uri
        if not _port_free(port):
            raise LocalNeo4jError(
                f"port {port} on {HOST} is already in use by another process "
                f"(not a Neo4j started from {home}); choose another port or stop that process"
            )
        java = find_java(os.environ)
        lib = resolve_jars(cache, version=version, log=log)
        settings = _write_settings(home, _settings(port, pagecache, tx_timeout))
        log(f"starting Neo4j {version} from {home} on {HOST}:{port} (log {_log_file(home)})")
        began = time.monotonic()
        pid = _spawn(java, lib, home, heap, settings)
        _pid_file(home).write_text(f"{pid}\n")
        try:
            _wait_ready(pid, home, port, timeout_s, progress)
        except BaseException:
            _kill(pid)
            _pid_file(home).unlink(missing_ok=True)
            raise
        if progress is not None:
            waited = int(time.monotonic() - began)
            progress("seconds until Bolt answers", waited, waited)
        log(f"Neo4j ready at {_uri(port)} after {time.monotonic() - began:.1f} s (pid {pid})")
        return _uri(port)


def stop(home: Path, *, timeout_s: float = 60.0) -> bool:
    """Stop the Neo4j started from ``home``: SIGTERM, then SIGKILL after ``timeout_s``.

    Returns False if none was running.
    """
    home = home.expanduser().resolve()
    pid = _running_pid(home)
    if pid is None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not _wait_gone(pid, timeout_s):
        _kill(pid)
    _pid_file(home).unlink(missing_ok=True)
    return True
