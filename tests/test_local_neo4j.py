"""The local Neo4j launcher, against a real Neo4j 5.26 on its own home and port."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph_service.neo4j_local import jars as neo4j_jars
from graph_service.neo4j_local import server as local_neo4j

pytestmark = pytest.mark.neo4j

START_TIMEOUT_S = 240.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "neo4j-home"
    yield home
    local_neo4j.stop(home)  # never leave a JVM behind, whatever the test did


@pytest.fixture
def cache() -> Path:
    return neo4j_jars.cache_dir(os.environ)


def test_start_is_idempotent_serves_cypher_5_and_stops(home: Path, cache: Path) -> None:
    port = _free_port()
    uri = local_neo4j.start(home, port=port, cache=cache, timeout_s=START_TIMEOUT_S)
    assert uri == f"bolt://127.0.0.1:{port}"
    pid = int((home / "neo4j.pid").read_text())

    assert local_neo4j.start(home, port=port, cache=cache, timeout_s=START_TIMEOUT_S) == uri
    assert int((home / "neo4j.pid").read_text()) == pid

    with GraphDatabase.driver(uri, auth=None) as driver:
        assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
        driver.execute_query(
            "UNWIND [['a','b'], ['b','c'], ['c','d'], ['a','e'], ['e','d']] AS pair "
            "MERGE (x:P {id: pair[0]}) MERGE (y:P {id: pair[1]}) MERGE (x)-[:KNOWS]->(y)"
        )
        records = driver.execute_query(
            "MATCH p = SHORTEST 2 (:P {id: 'a'})-[:KNOWS]-{1,3}(:P {id: 'd'}) "
            "RETURN [n IN nodes(p) | n.id] AS ids ORDER BY length(p)"
        ).records
    assert [r["ids"] for r in records] == [["a", "e", "d"], ["a", "b", "c", "d"]]

    assert local_neo4j.stop(home) is True
    assert not _process_exists(pid)
    assert not (home / "neo4j.pid").exists()
    assert not local_neo4j.bolt_ready("127.0.0.1", port)


def test_failed_start_reports_the_log_and_leaves_nothing_running(home: Path, cache: Path) -> None:
    with pytest.raises(neo4j_jars.LocalNeo4jError) as failure:
        local_neo4j.start(home, port=_free_port(), cache=cache, heap="8m", timeout_s=START_TIMEOUT_S)
    assert "OutOfMemoryError" in str(failure.value)
    assert str(home / "logs" / "neo4j.log") in str(failure.value)
    assert not (home / "neo4j.pid").exists()


def test_port_taken_by_another_process_is_reported(home: Path, cache: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        with pytest.raises(neo4j_jars.LocalNeo4jError, match=f"port {port} .* already in use"):
            local_neo4j.start(home, port=port, cache=cache)
        assert not local_neo4j.bolt_ready("127.0.0.1", port, timeout_s=0.5)


def test_bolt_ready_is_false_on_a_closed_port() -> None:
    assert local_neo4j.bolt_ready("127.0.0.1", _free_port()) is False


def test_stop_with_nothing_running_returns_false(tmp_path: Path) -> None:
    assert local_neo4j.stop(tmp_path) is False
    (tmp_path / "neo4j.pid").write_text("999999999\n")  # stale: no such process
    assert local_neo4j.stop(tmp_path) is False
    assert not (tmp_path / "neo4j.pid").exists()
