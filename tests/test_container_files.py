"""What can be checked of the Docker files without a container engine: they parse, pin, and match the README."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FULL_VERSION = re.compile(r"^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$")


def _compose(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Debian's Compose (v1) reads the same file format as `docker compose`; ./dev test installs it.
    compose = shutil.which("docker-compose")
    assert compose is not None, "docker-compose is missing: ./dev test installs Debian's package"
    return subprocess.run(
        [compose, "-f", str(ROOT / "docker-compose.yml"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD", "GRAPH_SERVICE_API_TOKEN")}
    return {**env, **values}


def test_the_compose_file_parses_with_its_secrets_set() -> None:
    done = _compose("config", env=_env(NEO4J_PASSWORD="change-me", GRAPH_SERVICE_API_TOKEN="t" * 48))
    assert done.returncode == 0, done.stderr
    assert "graph-service:" in done.stdout and "neo4j:" in done.stdout


def test_the_compose_file_refuses_to_start_without_a_neo4j_password() -> None:
    done = _compose("config", env=_env(GRAPH_SERVICE_API_TOKEN="t" * 48))
    assert done.returncode != 0
    assert "set NEO4J_PASSWORD" in done.stderr


def _compose_images() -> list[str]:
    return re.findall(r"^\s+image:\s*(\S+)\s*$", (ROOT / "docker-compose.yml").read_text(), re.M)


def _dockerfile_bases() -> list[str]:
    return re.findall(r"^FROM\s+(\S+)", (ROOT / "Dockerfile").read_text(), re.M)


@pytest.mark.parametrize("image", _compose_images() + _dockerfile_bases())
def test_every_image_is_pinned_to_a_full_version(image: str) -> None:
    assert FULL_VERSION.match(image), f"{image} is not pinned to a full version"


def test_the_image_starts_the_command_the_readme_documents() -> None:
    (cmd,) = re.findall(r"^CMD\s+(\[.*\])\s*$", (ROOT / "Dockerfile").read_text(), re.M)
    command = " ".join(json.loads(cmd))
    assert f"`{command}`" in (ROOT / "README.md").read_text()
