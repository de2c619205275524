"""CSV export with neo4j-admin import headers, and import of those files: the same graph back, on
both stores, through the service functions and the command line."""

from __future__ import annotations

import asyncio
import copy
import csv
import json
from pathlib import Path

import pytest

from graph_service.cli import main
from graph_service.domain.errors import BadUserInput
from graph_service.services.csv_document import read_csv, write_csv
from graph_service.services.graph_import import export_graph, import_graph
from graph_service.settings import Settings
from graph_service.store.memory.store import MemoryStore
from graph_service.store.neo4j.store import Neo4jStore
from graph_service.store.protocol import Store
from tests.neo4j_reset import clear_neo4j

DEMO = Path(__file__).resolve().parent.parent / "seeds" / "demo.json"


def demo_with_inferred_positions() -> dict[str, list[dict[str, object]]]:
    document: dict[str, list[dict[str, object]]] = json.loads(DEMO.read_text())
    document["employments"].append(
        {
            "personId": "cy-okafor",
            "companyId": "brightloop",
            "title": "Staff Engineer, Data (Contract)",
            "startDate": "2020-01-01",
            "endDate": "2020-06-30",
        }
    )
    return document


async def emptied(store: Store, tmp_path: Path) -> Store:
    if isinstance(store, Neo4jStore):
        await clear_neo4j(store)
        return store
    return MemoryStore.open(tmp_path / "again")


async def test_csv_export_then_import_gives_the_same_graph(store: Store, tmp_path: Path) -> None:
    await import_graph(store, demo_with_inferred_positions())
    before = await export_graph(store)
    write_csv(before, tmp_path / "csv")
    again = await emptied(store, tmp_path)
    await import_graph(again, read_csv(tmp_path / "csv"))
    assert await export_graph(again) == before
    inferred = [e for e in before["employments"] if e.get("inferred")]
    assert [(e["title"], e["seniority"], e["function"]) for e in inferred] == [
        ("Staff Engineer, Data (Contract)", "SENIOR", "ENGINEERING")
    ]


def test_the_files_carry_neo4j_admin_import_headers(tmp_path: Path) -> None:
    document = json.loads(DEMO.read_text())
    write_csv(document, tmp_path)
    headers = {
        path.name: path.read_text(encoding="utf-8").splitlines()[0].split(",")
        for path in tmp_path.glob("*.csv")
    }
    assert headers["people.csv"] == ["id:ID(Person)", "name", "headline", "email", "linkedinUrl", ":LABEL"]
    assert headers["companies.csv"][0] == "id:ID(Company)"
    assert headers["works_at.csv"][:2] == [":START_ID(Person)", ":END_ID(Company)"]
    assert headers["works_at.csv"][-1] == ":TYPE"
    assert headers["knows.csv"][:3] == [":START_ID(Person)", ":END_ID(Person)", "strength:float"]
    assert "crossFirm:boolean" in headers["referrals.csv"]
    with (tmp_path / "knows.csv").open(encoding="utf-8") as handle:
        first_tie = next(csv.DictReader(handle))
    assert first_tie[":TYPE"] == "KNOWS"


def test_bad_csv_folders_are_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(BadUserInput, match="holds none of the CSV files"):
        read_csv(tmp_path)
    write_csv(json.loads(DEMO.read_text()), tmp_path)
    broken = copy.copy((tmp_path / "knows.csv").read_text(encoding="utf-8")).replace(
        "strength:float", "weight"
    )
    (tmp_path / "knows.csv").write_text(broken, encoding="utf-8")
    with pytest.raises(BadUserInput, match="the header lacks strength:float"):
        read_csv(tmp_path)
    (tmp_path / "knows.csv").unlink()
    (tmp_path / "people.csv").write_bytes(b"id:ID(Person),name\n\xff\xfe,x\n")
    with pytest.raises(BadUserInput, match="not a UTF-8 CSV file"):
        read_csv(tmp_path)


def test_the_command_exports_csv_and_imports_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, two = (
        {"GRAPH_SERVICE_DATA_DIR": str(tmp_path / "one")},
        {"GRAPH_SERVICE_DATA_DIR": str(tmp_path / "two")},
    )
    assert main(["import", str(DEMO)], environ=one) == 0
    assert main(["export", "--format", "csv", str(tmp_path / "csv")], environ=one) == 0
    assert "export: ties 240/240" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "csv")], environ=two) == 0
    assert "imported 10 companies, 83 people, 119 employments, 240 ties" in capsys.readouterr().out
    for env, name in ((one, "one.json"), (two, "two.json")):
        assert main(["export", str(tmp_path / name)], environ=env) == 0
    assert json.loads((tmp_path / "one.json").read_text()) == json.loads((tmp_path / "two.json").read_text())


@pytest.mark.neo4j
async def test_the_command_round_trips_csv_through_neo4j(
    empty_neo4j: Settings, neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    env = {"GRAPH_SERVICE_STORE": "neo4j", "GRAPH_SERVICE_NEO4J_URI": empty_neo4j.neo4j_uri}
    assert await asyncio.to_thread(main, ["import", str(DEMO)], env) == 0
    assert await asyncio.to_thread(main, ["export", "--format", "csv", str(tmp_path / "csv")], env) == 0
    assert await asyncio.to_thread(main, ["export", str(tmp_path / "before.json")], env) == 0
    await clear_neo4j(neo4j_store)
    assert await asyncio.to_thread(main, ["import", str(tmp_path / "csv")], env) == 0
    assert await asyncio.to_thread(main, ["export", str(tmp_path / "after.json")], env) == 0
    assert json.loads((tmp_path / "before.json").read_text()) == json.loads(
        (tmp_path / "after.json").read_text()
    )
