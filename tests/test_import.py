"""Import and export: idempotent upserts, whole-document refusals, round trips by CLI."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any

import pytest

from graph_service.cli import main
from graph_service.domain.errors import InvalidDocument
from graph_service.services.graph_import import export_graph, import_graph
from graph_service.settings import Settings
from graph_service.store.protocol import Store
from tests.sample_data import SMALL_DOCUMENT

DEMO = Path(__file__).resolve().parent.parent / "seeds" / "demo.json"


async def test_importing_twice_changes_nothing_the_second_time(store: Store) -> None:
    await import_graph(store, SMALL_DOCUMENT)
    first = await export_graph(store)
    await import_graph(store, SMALL_DOCUMENT)
    assert await export_graph(store) == first


async def test_export_then_import_into_an_empty_store_gives_the_same_graph(
    store: Store, tmp_path: Path
) -> None:
    from graph_service.store.memory.store import MemoryStore

    await import_graph(store, json.loads(DEMO.read_text()))
    exported = await export_graph(store)
    other = MemoryStore.open(tmp_path / "other")
    await import_graph(other, json.loads(json.dumps(exported)))
    assert await export_graph(other) == exported
    await other.close()


async def test_a_document_with_bad_rows_changes_nothing_and_reports_each_row(store: Store) -> None:
    await import_graph(store, SMALL_DOCUMENT)
    before = await export_graph(store)
    bad = copy.deepcopy(SMALL_DOCUMENT)
    bad["people"][0]["name"] = "Ada Renamed"  # a good change that must not land either
    bad["people"].append({"id": "ed", "name": ""})
    bad["people"].append({"id": "ada", "name": "Ada Twice"})
    bad["employments"].append(
        {"personId": "bo", "companyId": "acme", "title": "X", "seniority": "CHIEF", "function": "HR"}
    )
    bad["ties"].append({"a": "bo", "b": "bo", "context": "FRIEND"})
    bad["ties"].append({"a": "bo", "b": "zed", "context": "FRIEND", "strength": 0.5})
    bad["ties"].append({"a": "bo", "b": "di", "context": "FRIEND", "strength": 1.5})
    bad["companies"].append({"id": "initech", "name": "Initech", "founded": 1999})
    with pytest.raises(InvalidDocument) as raised:
        await import_graph(store, bad)
    reported = {p.position: p.reason for p in raised.value.problems}
    assert set(reported) == {
        "people[5]",
        "people[6]",
        "employments[5]",
        "ties[4]",
        "ties[5]",
        "ties[6]",
        "companies[2]",
    }
    assert "name must not be empty" in reported["people[5]"]
    assert "same id as people[0]" in reported["people[6]"]
    assert "seniority must be one of" in reported["employments[5]"]
    assert "themselves" in reported["ties[4]"]
    assert "unknown person 'zed'" in reported["ties[5]"]
    assert "(0, 1]" in reported["ties[6]"]
    assert "founded" in reported["companies[2]"]
    assert await export_graph(store) == before


async def test_skip_invalid_imports_the_good_rows_and_reports_the_rest(store: Store) -> None:
    document: dict[str, Any] = {
        "people": [{"id": "ann", "name": "Ann"}, {"id": "bad id", "name": "X"}, {"id": "ben", "name": "Ben"}],
        "ties": [
            {"a": "ann", "b": "ben", "context": "FRIEND", "strength": 0.7},
            {"a": "ann", "b": "bad id", "context": "FRIEND"},
        ],
    }
    result = await import_graph(store, document, skip_invalid=True)
    assert [p.position for p in result.skipped] == ["people[1]", "ties[1]"]
    assert (result.summary.people, result.summary.ties) == (2, 1)
    exported = await export_graph(store)
    assert [p["id"] for p in exported["people"]] == ["ann", "ben"]


@pytest.mark.parametrize("document", [[], "text", {"people": {"id": "a"}}, {"persons": []}])
async def test_a_document_of_the_wrong_shape_is_refused(store: Store, document: Any) -> None:
    with pytest.raises(InvalidDocument):
        await import_graph(store, document)


async def test_rows_may_refer_to_people_already_stored(store: Store) -> None:
    await import_graph(store, SMALL_DOCUMENT)
    await import_graph(store, {"ties": [{"a": "gus", "b": "cy", "context": "REFERRAL", "strength": 0.5}]})
    exported = await export_graph(store)
    assert {"a": "cy", "b": "gus", "strength": 0.5, "context": "REFERRAL"} in exported["ties"]


async def test_import_graph_mutation_reports_bad_rows_in_extensions(client: Any) -> None:
    body = (
        await client.post(
            "mutation($d: JSON!) { importGraph(document: $d) { people } }",
            {"d": {"people": [{"id": "x"}]}},
        )
    ).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["problems"] == [{"position": "people[0]", "reason": "name must not be empty"}]


def run_cli(*argv: str, env: dict[str, str]) -> int:
    return main(list(argv), environ=env)


def test_cli_import_export_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"GRAPH_SERVICE_DATA_DIR": str(tmp_path / "one")}
    assert run_cli("import", str(DEMO), env=env) == 0
    assert "imported 10 companies, 83 people" in capsys.readouterr().out
    assert run_cli("export", str(tmp_path / "out.json"), env=env) == 0
    again = {"GRAPH_SERVICE_DATA_DIR": str(tmp_path / "two")}
    assert run_cli("import", str(tmp_path / "out.json"), env=again) == 0
    assert run_cli("export", str(tmp_path / "out2.json"), env=again) == 0
    assert json.loads((tmp_path / "out.json").read_text()) == json.loads((tmp_path / "out2.json").read_text())


def test_cli_import_of_bad_rows_exits_non_zero_and_lists_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"people": [{"id": "a", "name": "A"}, {"id": "b"}]}))
    assert run_cli("import", str(bad), env={"GRAPH_SERVICE_DATA_DIR": str(tmp_path)}) == 1
    err = capsys.readouterr().err
    assert "people[1]: name must not be empty" in err
    assert run_cli("export", "-", env={"GRAPH_SERVICE_DATA_DIR": str(tmp_path)}) == 0
    assert json.loads(capsys.readouterr().out)["people"] == []


def test_cli_import_of_malformed_json_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"people": [')
    assert run_cli("import", str(broken), env={"GRAPH_SERVICE_DATA_DIR": str(tmp_path)}) == 2
    assert "is not JSON" in capsys.readouterr().err


@pytest.mark.neo4j
async def test_cli_import_and_export_against_neo4j(empty_neo4j: Settings, tmp_path: Path) -> None:
    env = {"GRAPH_SERVICE_STORE": "neo4j", "GRAPH_SERVICE_NEO4J_URI": empty_neo4j.neo4j_uri}
    out = tmp_path / "neo4j-export.json"
    assert await asyncio.to_thread(run_cli, "import", str(DEMO), env=env) == 0
    assert await asyncio.to_thread(run_cli, "export", str(out), env=env) == 0
    exported = json.loads(out.read_text())
    assert (len(exported["people"]), len(exported["ties"]), len(exported["employments"])) == (83, 240, 119)
