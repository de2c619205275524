"""The import document as a folder of CSV files with neo4j-admin import headers, and back.

One file per section. Nodes carry `id:ID(<Label>)` and `:LABEL`; relationships `:START_ID(...)`,
`:END_ID(...)` and `:TYPE`; typed columns say `:float`, `:boolean`, `:date` or `:datetime`. A
referral's `history` (a list of changes) is one JSON text column. An empty cell is an absent
value. Reading turns the files back into the rows of the JSON import format, which are then checked
and imported like any document.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_service.domain.errors import BadUserInput


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str = "string"
    """string, float, boolean, date, datetime (kept as text in rows), or json."""


@dataclass(frozen=True)
class Section:
    name: str
    file: str
    columns: tuple[Column, ...]
    constant: tuple[str, str] | None = None
    """A `:LABEL` or `:TYPE` column and its one value."""


def _c(field: str, header: str | None = None, kind: str = "string") -> Column:
    suffix = "" if kind in {"string", "json"} else f":{kind}"
    return Column(field, header or f"{field}{suffix}", kind)


SECTIONS: tuple[Section, ...] = (
    Section(
        "companies",
        "companies.csv",
        (_c("id", "id:ID(Company)"), _c("name"), _c("domain"), _c("industry")),
        (":LABEL", "Company"),
    ),
    Section(
        "people",
        "people.csv",
        (_c("id", "id:ID(Person)"), _c("name"), _c("headline"), _c("email"), _c("linkedinUrl")),
        (":LABEL", "Person"),
    ),
    Section(
        "employments",
        "works_at.csv",
        (
            _c("personId", ":START_ID(Person)"),
            _c("companyId", ":END_ID(Company)"),
            _c("title"),
            _c("seniority"),
            _c("function"),
            _c("startDate", kind="date"),
            _c("endDate", kind="date"),
            _c("inferred", kind="boolean"),
        ),
        (":TYPE", "WORKS_AT"),
    ),
    Section(
        "ties",
        "knows.csv",
        (
            _c("a", ":START_ID(Person)"),
            _c("b", ":END_ID(Person)"),
            _c("strength", kind="float"),
            _c("context"),
            _c("since", kind="date"),
            _c("lastInteraction", kind="date"),
            _c("evidence"),
        ),
        (":TYPE", "KNOWS"),
    ),
    Section(
        "interviews",
        "interviews.csv",
        (
            _c("id", "id:ID(Interview)"),
            _c("candidateId"),
            _c("companyId"),
            _c("interviewerId"),
            _c("stage"),
            _c("date", kind="date"),
            _c("outcome"),
            _c("roleTitle"),
            _c("hiredRoleTitle"),
            _c("idempotencyKey"),
            _c("fingerprint"),
        ),
        (":LABEL", "Interview"),
    ),
    Section(
        "referrals",
        "referrals.csv",
        (
            _c("id", "id:ID(Referral)"),
            _c("referrerId"),
            _c("candidateId"),
            _c("companyId"),
            _c("contactId"),
            _c("roleTitle"),
            _c("note"),
            _c("status"),
            _c("createdAt", kind="datetime"),
            _c("updatedAt", kind="datetime"),
            _c("crossFirm", kind="boolean"),
            _c("history", kind="json"),
            _c("idempotencyKey"),
            _c("fingerprint"),
        ),
        (":LABEL", "Referral"),
    ),
    Section(
        "targets",
        "targets.csv",
        (_c("personId", ":START_ID(Person)"), _c("companyId", ":END_ID(Company)")),
        (":TYPE", "TARGETS"),
    ),
)

Progress = Callable[[str, int, int], None]


def write_csv(
    rows: Mapping[str, Sequence[Mapping[str, Any]]], folder: Path, *, progress: Progress | None = None
) -> None:
    """Write every section's rows, one file each (an empty section is a file with its header)."""
    folder.mkdir(parents=True, exist_ok=True)
    for section in SECTIONS:
        items = rows.get(section.name, [])
        with (folder / section.file).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(_headers(section))
            for done, row in enumerate(items, start=1):
                writer.writerow(_cells(section, row))
                if progress is not None and (done % 10_000 == 0 or done == len(items)):
                    progress(section.name, done, len(items))


def read_csv(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """The rows of a folder that `write_csv` wrote; a section's missing file is an empty section."""
    if not folder.is_dir():
        raise BadUserInput(f"{folder} is not a folder")
    found = [section for section in SECTIONS if (folder / section.file).is_file()]
    if not found:
        names = ", ".join(section.file for section in SECTIONS)
        raise BadUserInput(f"{folder} holds none of the CSV files {names}")
    document: dict[str, list[dict[str, Any]]] = {}
    for section in found:
        path = folder / section.file
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                document[section.name] = _read_section(section, csv.reader(handle, strict=True), path)
        except (UnicodeDecodeError, csv.Error) as error:
            raise BadUserInput(f"{path} is not a UTF-8 CSV file: {error}") from None
    return document


def _headers(section: Section) -> list[str]:
    headers = [column.header for column in section.columns]
    return [*headers, section.constant[0]] if section.constant else headers


def _cells(section: Section, row: Mapping[str, Any]) -> list[str]:
    cells = [_text(column, row.get(column.field)) for column in section.columns]
    return [*cells, section.constant[1]] if section.constant else cells


def _text(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "boolean":
        return "true" if value else "false"
    if column.kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if column.kind == "float":
        return repr(float(value))
    return str(value)


def _read_section(section: Section, reader: Any, path: Path) -> list[dict[str, Any]]:
    header = next(reader, None)
    if header is None:
        return []
    by_header = {column.header: column for column in section.columns}
    missing = [h for h in by_header if h not in header]
    if missing:
        raise BadUserInput(f"{path}: the header lacks {', '.join(missing)}")
    positions = [(index, by_header[name]) for index, name in enumerate(header) if name in by_header]
    rows: list[dict[str, Any]] = []
    for record in reader:
        if not record:
            continue
        row: dict[str, Any] = {}
        for index, column in positions:
            cell = record[index] if index < len(record) else ""
            if cell != "":
                row[column.field] = _value(column, cell, path, reader.line_num)
        rows.append(row)
    return rows


def _value(column: Column, cell: str, path: Path, line: int) -> Any:
    try:
        if column.kind == "float":
            return float(cell)
        if column.kind == "boolean":
            if cell.lower() not in {"true", "false"}:
                raise ValueError(f"not true or false: {cell!r}")
            return cell.lower() == "true"
        if column.kind == "json":
            return json.loads(cell)
    except ValueError as error:
        raise BadUserInput(f"{path} line {line}: {column.header}: {error}") from None
    return cell
