"""Reads LinkedIn's `Connections.csv` as LinkedIn exports it, into rows with their line numbers.

The export may start with a byte-order mark and a few "Notes:" lines before its header; fields are
quoted when they hold commas or newlines; emails, companies and positions may be empty; dates read
like `05 Mar 2024`. A file that cannot be read as such is refused whole (`BadUserInput`, field
`file`); a row that cannot be used is reported with its line and reason, and the others are kept.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from graph_service.domain.errors import BadUserInput

if TYPE_CHECKING:
    from _csv import Reader

MAX_FILE_BYTES = 32 * 1024 * 1024
COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
HEADER_SEARCH_RECORDS = 50
"""The header must come within this many records (LinkedIn's notes take two or three)."""

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_SPACE = re.compile(r"\s")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*[ -](\d{4})")


@dataclass(frozen=True)
class Connection:
    """One usable row: the connection as LinkedIn lists it."""

    line: int
    name: str
    url: str | None
    email: str | None
    company: str | None
    position: str | None
    connected_on: date | None


@dataclass(frozen=True)
class RowRefusal:
    line: int
    reason: str


@dataclass(frozen=True)
class ConnectionsFile:
    connections: list[Connection]
    refused: list[RowRefusal]


def read_connections(content: bytes) -> ConnectionsFile:
    """Parse the export; `BadUserInput` (field `file`) when it is not one."""
    if len(content) > MAX_FILE_BYTES:
        raise _bad(f"the file has {len(content)} bytes; at most {MAX_FILE_BYTES} are accepted")
    if b"\x00" in content:
        raise _bad("the file is not a CSV file: it holds binary data")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _bad(f"the file is not UTF-8 text: byte {error.start} cannot be decoded") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        width, columns = _find_header(reader)
        connections: list[Connection] = []
        refused: list[RowRefusal] = []
        line = reader.line_num + 1
        for record in reader:
            started, line = line, reader.line_num + 1
            if not any(field.strip() for field in record):
                continue
            try:
                connections.append(_connection(record, columns, width, started))
            except RowError as error:
                refused.append(RowRefusal(started, str(error)))
    except csv.Error as error:
        raise _bad(f"the file is not a CSV file: line {reader.line_num}: {error}") from None
    return ConnectionsFile(connections, refused)


class RowError(ValueError):
    """Why one row cannot be used."""


def _find_header(reader: Reader) -> tuple[int, dict[str, int]]:
    """The header's width and where each required column is; the reader stops right after it."""
    best: list[str] | None = None
    for index, record in enumerate(reader):
        names = [_clean(field) for field in record]
        if all(column in names for column in COLUMNS):
            return len(names), {column: names.index(column) for column in COLUMNS}
        if len(record) > 1 and (best is None or _overlap(names) > _overlap(best)):
            best = names
        if index + 1 >= HEADER_SEARCH_RECORDS:
            break
    if best is None:
        raise _bad("the file is not a CSV file: no line holds comma-separated fields")
    missing = [column for column in COLUMNS if column not in best]
    raise _bad(
        f"the header lacks the required column(s) {', '.join(missing)}; "
        f"LinkedIn's Connections.csv has {','.join(COLUMNS)}"
    )


def _overlap(names: list[str]) -> int:
    return sum(1 for column in COLUMNS if column in names)


def _connection(record: list[str], columns: dict[str, int], width: int, line: int) -> Connection:
    if len(record) < width:
        raise RowError(f"has {len(record)} field(s); the header has {width}")

    def field(column: str) -> str | None:
        value = _clean(record[columns[column]])
        return value or None

    name = " ".join(part for part in (field("First Name"), field("Last Name")) if part)
    if not name:
        raise RowError("has no first or last name")
    url = _profile_url(field("URL"))
    email = _email(field("Email Address"))
    if url is None and email is None:
        raise RowError("has no profile URL or email to recognise the person by")
    return Connection(
        line=line,
        name=name,
        url=url,
        email=email,
        company=field("Company"),
        position=field("Position"),
        connected_on=_connected_on(field("Connected On")),
    )


def _clean(value: str) -> str:
    """NFC, with runs of white space (newlines in quoted fields too) as one space."""
    return " ".join((value if value.isascii() else unicodedata.normalize("NFC", value)).split())


def _profile_url(value: str | None) -> str | None:
    """`https://www.linkedin.com/in/<slug>`, lower case, without query or trailing slash."""
    if value is None:
        return None
    text = value.strip()
    if not re.match(r"(?i)^https?://", text):
        if re.match(r"(?i)^(www\.)?linkedin\.com/", text):
            text = "https://" + text
        else:
            raise RowError(f"URL is not a profile URL: {text[:80]!r}")
    text = re.sub(r"(?i)^https?://([a-z]{2,3}\.)?linkedin\.com", "https://www.linkedin.com", text)
    text = text.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if _SPACE.search(text) or len(text) > 400:
        raise RowError(f"URL is not a profile URL: {text[:80]!r}")
    return text.lower()


def _email(value: str | None) -> str | None:
    """An address that does not look like one is left out; the row still counts."""
    if value is None or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) or len(value) > 254:
        return None
    return value.lower()


def _connected_on(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    found = _DAY_MONTH_YEAR.fullmatch(value)
    month = MONTHS.get(found.group(2).lower()) if found else None
    if found is None or month is None:
        raise RowError(f"Connected On is not a date like 05 Mar 2024: {value[:40]!r}")
    try:
        return date(int(found.group(3)), month, int(found.group(1)))
    except ValueError:
        raise RowError(f"Connected On is not a date: {value!r}") from None


def _bad(message: str) -> BadUserInput:
    return BadUserInput(message, field="file")
