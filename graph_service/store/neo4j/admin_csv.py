"""The network as CSV files for Neo4j's offline importer, holding exactly the properties (names and
types) the Neo4j store writes.

Each file's header names its property columns with neo4j-admin types (`rank:long`,
`strength:double`, `startDate:date`, `inferred:boolean`); values come from the store's own
property functions (`person_props`, `job_params`, ...), so `idKey`, `nameKey`, `rank` and the position's
`key` are the ones the store would write. A string is always quoted, so an empty string stays an
empty string (a position's `key` of unknown start is ""), while an empty unquoted cell is an absent
property. `strength` is a `double`: neo4j-admin's `float` is 32 bits, the store's floats are 64.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from graph_service.domain.model import GraphDocument
from graph_service.store.neo4j.hiring import tie_params
from graph_service.store.neo4j.store import company_props, job_params, person_props

Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 50_000


@dataclass(frozen=True)
class AdminFiles:
    """The files written, by the importer's option that takes them, and what they hold."""

    nodes: list[Path]
    relationships: list[Path]
    rows: dict[str, int]
    multiline: bool
    """Some string holds a line break: the importer must be told (it then reads more slowly)."""


def _string(value: Any) -> str:
    if value is None:
        return ""
    return '"' + str(value).replace('"', '""') + '"'


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _double(value: Any) -> str:
    return "" if value is None else repr(float(value))


def _boolean(value: Any) -> str:
    return "" if value is None else ("true" if value else "false")


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else ""


CELLS: dict[str, Callable[[Any], str]] = {
    "string": _string,
    "long": _plain,
    "double": _double,
    "boolean": _boolean,
    "date": _date,
}


@dataclass(frozen=True)
class _Kind:
    name: str
    file: str
    ends: tuple[str, ...]
    """The header of the identifying columns: `id:ID(Person)`, or start and end."""
    end_fields: tuple[str, ...]
    properties: tuple[tuple[str, str], ...]
    """(property, type) for every property the store writes."""
    constant: tuple[str, str]
    props: Callable[[Any], Mapping[str, Any]]


KINDS: tuple[_Kind, ...] = (
    _Kind(
        "companies",
        "companies.csv",
        ("id:ID(Company)",),
        ("id",),
        (
            ("name", "string"),
            ("domain", "string"),
            ("industry", "string"),
            ("nameKey", "string"),
            ("idKey", "string"),
        ),
        (":LABEL", "Company"),
        company_props,
    ),
    _Kind(
        "people",
        "people.csv",
        ("id:ID(Person)",),
        ("id",),
        (
            ("name", "string"),
            ("headline", "string"),
            ("email", "string"),
            ("linkedinUrl", "string"),
            ("nameKey", "string"),
            ("idKey", "string"),
        ),
        (":LABEL", "Person"),
        person_props,
    ),
    _Kind(
        "employments",
        "works_at.csv",
        (":START_ID(Person)", ":END_ID(Company)"),
        ("personId", "companyId"),
        (
            ("key", "string"),
            ("title", "string"),
            ("seniority", "string"),
            ("rank", "long"),
            ("function", "string"),
            ("startDate", "date"),
            ("endDate", "date"),
            ("inferred", "boolean"),
        ),
        (":TYPE", "WORKS_AT"),
        job_params,
    ),
    _Kind(
        "ties",
        "knows.csv",
        (":START_ID(Person)", ":END_ID(Person)"),
        ("a", "b"),
        (
            ("strength", "double"),
            ("context", "string"),
            ("since", "date"),
            ("lastInteraction", "date"),
            ("evidence", "string"),
        ),
        (":TYPE", "KNOWS"),
        tie_params,
    ),
)


def write_admin_csv(document: GraphDocument, folder: Path, *, progress: Progress | None = None) -> AdminFiles:
    """Write the people, companies, positions and ties of `document`; the rest of a document
    (interviews, referrals, targets) is not part of a network and is refused."""
    if document.interviews or document.referrals or document.targets:
        raise ValueError("only people, companies, positions and ties go through the offline importer")
    folder.mkdir(parents=True, exist_ok=True)
    items: dict[str, Sequence[Any]] = {
        "companies": document.companies,
        "people": document.people,
        "employments": document.employments,
        "ties": document.ties,
    }
    multiline = False
    for kind in KINDS:
        multiline |= _write_kind(kind, items[kind.name], folder / kind.file, progress)
    return AdminFiles(
        nodes=[folder / kind.file for kind in KINDS if kind.constant[0] == ":LABEL"],
        relationships=[folder / kind.file for kind in KINDS if kind.constant[0] == ":TYPE"],
        rows={name: len(values) for name, values in items.items()},
        multiline=multiline,
    )


def _write_kind(kind: _Kind, items: Sequence[Any], path: Path, progress: Progress | None) -> bool:
    header = [
        *kind.ends,
        *(f"{name}:{type_}" if type_ != "string" else name for name, type_ in kind.properties),
    ]
    columns = [(name, CELLS["string"]) for name in kind.end_fields]
    columns += [(name, CELLS[type_]) for name, type_ in kind.properties]
    tail = "," + kind.constant[1] + "\n"
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join([*header, kind.constant[0]]) + "\n")
        for start in range(0, len(items), PROGRESS_EVERY):
            lines = []
            for item in items[start : start + PROGRESS_EVERY]:
                props = kind.props(item)
                lines.append(",".join([cell(props.get(name)) for name, cell in columns]) + tail)
            text = "".join(lines)
            multiline = multiline or text.count("\n") != len(lines) or "\r" in text
            handle.write(text)
            if progress is not None:
                progress(f"{kind.name} CSV", min(start + PROGRESS_EVERY, len(items)), len(items))
    return multiline
