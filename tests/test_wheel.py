"""The wheel, installed into a fresh virtual environment, is a working service on its own.

Nothing of the checkout is on the path: the commands run from an empty folder, so the schema and
the demo seed must come from inside the wheel, and every import the service makes must be declared.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALL_TIMEOUT_S = 300
READY_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(the fresh venv's bin folder, the wheel file)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], cwd=base)
    (wheel,) = dist.glob("graph_service-*.whl")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=base)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=base)
    yield venv / "bin", wheel


def _run(
    command: list[str], *, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRAPH_SERVICE_", "PYTHON"))}
    env["GRAPH_SERVICE_DATA_DIR"] = str(data_dir)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def test_the_installed_command_answers_help(installed: tuple[Path, Path], tmp_path: Path) -> None:
    bin_dir, _ = installed
    done = _run([str(bin_dir / "graph-service"), "--help"], cwd=tmp_path, env=_env(tmp_path / "data"))
    for command in ("serve", "import", "export", "bench", "neo4j"):
        assert command in done.stdout


@contextlib.contextmanager
def _serving(command: str, *, cwd: Path, env: dict[str, str]) -> Iterator[int]:
    """`serve --seed demo` from the installed command, until /readyz answers; stopped by SIGTERM."""
    port = _free_port()
    log = cwd / f"serve-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [command, "serve", "--port", str(port), "--seed", "demo"],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + READY_TIMEOUT_S
            while not _ready(f"http://127.0.0.1:{port}/readyz"):
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the installed service was never ready"
                time.sleep(0.2)
            yield port
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def test_the_installed_service_serves_the_demo_seed_it_ships(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    bin_dir, _ = installed
    with _serving(str(bin_dir / "graph-service"), cwd=tmp_path, env=_env(tmp_path / "data")) as port:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/graphql",
            data=json.dumps({"query": '{ person(id: "cy-okafor") { name } }'}).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.load(response)["data"] == {"person": {"name": "Cy Okafor"}}


def test_the_installed_command_exports_and_imports_the_same_graph(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    bin_dir, _ = installed
    command = str(bin_dir / "graph-service")
    seeded = _env(tmp_path / "seeded")
    with _serving(command, cwd=tmp_path, env=seeded):
        pass  # `serve --seed demo` is the documented way to load the seed into an empty store
    _run([command, "export", "demo.json"], cwd=tmp_path, env=seeded)
    copy = _env(tmp_path / "copy")
    _run([command, "import", "demo.json"], cwd=tmp_path, env=copy)
    _run([command, "export", "again.json"], cwd=tmp_path, env=copy)
    exported = json.loads((tmp_path / "demo.json").read_text())
    assert len(exported["people"]) == 83
    assert json.loads((tmp_path / "again.json").read_text()) == exported


def test_bench_without_its_extra_says_how_to_install_it(installed: tuple[Path, Path], tmp_path: Path) -> None:
    bin_dir, _ = installed
    done = subprocess.run(
        [str(bin_dir / "graph-service"), "bench", "--people", "100", "--ties", "200"],
        cwd=tmp_path,
        env=_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "pip install 'graph-service[bench]'" in done.stderr


def test_a_small_bench_runs_from_the_wheel_with_its_extra(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    bin_dir, wheel = installed
    _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", f"{wheel}[bench]"], cwd=tmp_path)
    done = _run(
        [
            str(bin_dir / "graph-service"),
            *("bench", "--people", "300", "--ties", "900", "--queries", "20", "--referrals", "20"),
        ],
        cwd=tmp_path,
        env=_env(tmp_path / "data"),
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["store"] == "memory"
    assert result["people"] == 300
    assert result["http_p50_ms"] > 0
