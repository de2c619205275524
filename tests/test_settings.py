"""Settings come from the environment; a wrong value stops the start and names the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_service.cli import main
from graph_service.settings import Settings, SettingsError


def test_defaults_are_the_embedded_development_service() -> None:
    settings = Settings.from_environ({})
    assert (settings.store, settings.environment, settings.data_dir) == (
        "memory",
        "development",
        Path(".graph-service"),
    )


def test_every_variable_is_read() -> None:
    settings = Settings.from_environ(
        {
            "GRAPH_SERVICE_STORE": "neo4j",
            "GRAPH_SERVICE_NEO4J_URI": "neo4j://db.internal:7687",
            "GRAPH_SERVICE_NEO4J_USER": "svc",
            "GRAPH_SERVICE_NEO4J_PASSWORD": "s3cret",
            "GRAPH_SERVICE_NEO4J_DATABASE": "graph",
            "GRAPH_SERVICE_DATA_DIR": "/var/lib/graph",
            "GRAPH_SERVICE_ENV": "production",
            "GRAPH_SERVICE_SEARCH_TIMEOUT_SECONDS": "0.5",
            "GRAPH_SERVICE_MAX_DEPTH": "8",
            "GRAPH_SERVICE_HEAVY_SLOTS": "3",
        }
    )
    assert settings.store == "neo4j"
    assert settings.neo4j_uri == "neo4j://db.internal:7687"
    assert (settings.neo4j_user, settings.neo4j_password, settings.neo4j_database) == (
        "svc",
        "s3cret",
        "graph",
    )
    assert settings.production
    assert (settings.search_timeout_seconds, settings.max_depth, settings.heavy_slots) == (0.5, 8, 3)


def test_secrets_stay_out_of_repr() -> None:
    settings = Settings.from_environ(
        {"GRAPH_SERVICE_NEO4J_PASSWORD": "s3cret", "GRAPH_SERVICE_API_TOKEN": "t0ken" * 8}
    )
    assert "s3cret" not in repr(settings)
    assert "t0ken" not in repr(settings)


def test_a_token_shorter_than_32_characters_stops_the_start(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SettingsError, match="at least 32 characters"):
        Settings.from_environ({"GRAPH_SERVICE_API_TOKEN": "x"})
    assert main(["export", "-"], environ={"GRAPH_SERVICE_API_TOKEN": "short"}) == 2
    assert "GRAPH_SERVICE_API_TOKEN must be at least 32" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("GRAPH_SERVICE_STORE", "postgres", "must be one of memory, neo4j"),
        ("GRAPH_SERVICE_ENV", "prod", "must be one of development, production"),
        ("GRAPH_SERVICE_NEO4J_URI", "http://localhost:7474", "must start with bolt://"),
        ("GRAPH_SERVICE_QUERY_TIMEOUT_SECONDS", "soon", "must be a number"),
        ("GRAPH_SERVICE_MAX_DEPTH", "1", "must be a whole number from 2 to 50"),
        ("GRAPH_SERVICE_HEAVY_SLOTS", "0", "must be a whole number from 1 to 64"),
    ],
)
def test_a_wrong_value_names_the_variable_and_what_is_allowed(variable: str, value: str, says: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_environ({variable: value})
    assert variable in str(raised.value)
    assert says in str(raised.value)


def test_the_command_stops_with_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-"], environ={"GRAPH_SERVICE_STORE": "mongo"}) == 2
    assert "GRAPH_SERVICE_STORE must be one of memory, neo4j; got 'mongo'" in capsys.readouterr().err


def test_serving_beyond_loopback_needs_a_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0"], environ={}) == 2
    assert "GRAPH_SERVICE_API_TOKEN" in capsys.readouterr().err


def test_serving_on_an_unreachable_neo4j_stops_with_one_clear_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    uri = f"bolt://127.0.0.1:{closed_port}"
    env = {"GRAPH_SERVICE_STORE": "neo4j", "GRAPH_SERVICE_NEO4J_URI": uri}
    assert main(["serve", "--port", "0"], environ=env) == 2
    assert f"the neo4j store at {uri} cannot be opened" in capsys.readouterr().err


def test_serving_from_an_unwritable_data_dir_stops_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert main(["serve", "--port", "0"], environ={"GRAPH_SERVICE_DATA_DIR": str(blocked / "data")}) == 2
    assert f"GRAPH_SERVICE_DATA_DIR {blocked / 'data'}" in capsys.readouterr().err
