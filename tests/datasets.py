"""The external data sets in tests/data as import documents (the import format, docs/design.md).

Read in place, never edited. See tests/data/README.md for their origin and licences.

LDBC SNB SF0.1: every person, every knows edge as a tie of strength 1.0 (context OTHER), every
organisation someone works at as a company, every work-at row as a current ENTRY-level job that
started on 1 January of its `workFrom` year.

Lazega lawyers: one firm, `lazega-firm`, where every lawyer `lawyer-<n>` holds one current job.
Seniority follows status, then years with the firm, as the data's README suggests:

    partners (status 1):    OWNER with 20 or more years, EXECUTIVE with 10-19, VP below 10
    associates (status 2):  SENIOR with 4 or more years, ENTRY below 4

so every partner is at VP or above and every associate below MANAGER. A tie joins two lawyers
when either named the other a strong coworker; its strength is 0.5, plus 0.25 when they share an
office and 0.25 when they share a practice (so 0.5, 0.75 or 1.0: many equal path strengths).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
LDBC = DATA / "ldbc-sf0.1"
LAZEGA = DATA / "lazega-lawyers"

LAZEGA_FIRM = "lazega-firm"
OFFICES = {1: "Boston", 2: "Hartford", 3: "Providence"}
PRACTICES = {1: "litigation", 2: "corporate"}

Document = dict[str, list[dict[str, Any]]]


def _pipe_rows(path: Path) -> list[list[str]]:
    """The rows of a pipe-separated LDBC file, without its header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("|") for line in lines[1:] if line]


@cache
def _ldbc_document() -> str:
    people = [
        {"id": pid, "name": f"{first} {last}"} for pid, first, last, *_ in _pipe_rows(LDBC / "Person.csv")
    ]
    pairs: set[tuple[str, str]] = set()
    for name in ("Person_knows_Person.csv", "Person_knows_Person_1.csv"):
        for a, b, _created in _pipe_rows(LDBC / name):
            pairs.add((a, b) if a < b else (b, a))
    ties = [{"a": a, "b": b, "strength": 1.0, "context": "OTHER"} for a, b in sorted(pairs)]
    work = _pipe_rows(LDBC / "Person_workAt_Organisation.csv")
    employer_ids = {org for _, org, _ in work}
    companies = [
        {"id": oid, "name": name.replace("_", " ")}
        for oid, label, name, _url in _pipe_rows(LDBC / "Organisation.csv")
        if oid in employer_ids and label == "Company"
    ]
    employments = [
        {
            "personId": person,
            "companyId": org,
            "title": "Employee",
            "seniority": "ENTRY",
            "function": "OTHER",
            "startDate": f"{year}-01-01",
            "endDate": None,
        }
        for person, org, year in work
    ]
    return json.dumps({"companies": companies, "people": people, "employments": employments, "ties": ties})


def ldbc_document() -> Document:
    """A fresh copy each call (the parsed text is cached), so callers may change it."""
    document: Document = json.loads(_ldbc_document())
    return document


@dataclass(frozen=True)
class ShortestPathLength:
    """An LDBC interactive-complex-13 case: -1 means no path."""

    from_id: str
    to_id: str
    length: int


@dataclass(frozen=True)
class AllShortestPaths:
    """An LDBC interactive-complex-14 case, without its message-based weights."""

    from_id: str
    to_id: str
    paths: tuple[tuple[str, ...], ...]


def _expected_lines(name: str) -> list[tuple[list[Any], Any]]:
    """Each distinct case once (the files repeat their first cases), in file order."""
    seen: dict[str, tuple[list[Any], Any]] = {}
    for line in (LDBC / name).read_text(encoding="utf-8").splitlines():
        if line and line not in seen:
            params, result = line.split("|", 1)
            seen[line] = (list(json.loads(params).values()), json.loads(result))
    return list(seen.values())


def ldbc_cases_ic13() -> list[ShortestPathLength]:
    return [
        ShortestPathLength(str(start), str(end), int(result["shortestPathLength"]))
        for (start, end), result in _expected_lines("ic13_expected.txt")
    ]


def ldbc_cases_ic14() -> list[AllShortestPaths]:
    return [
        AllShortestPaths(
            str(start),
            str(end),
            tuple(tuple(str(pid) for pid in row["personIdsInPath"]) for row in result),
        )
        for (start, end), result in _expected_lines("ic14_expected.txt")
    ]


@dataclass(frozen=True)
class Lawyer:
    number: int
    partner: bool
    office: int
    years: int
    practice: int

    @property
    def id(self) -> str:
        return f"lawyer-{self.number}"

    @property
    def seniority(self) -> str:
        if self.partner:
            return "OWNER" if self.years >= 20 else "EXECUTIVE" if self.years >= 10 else "VP"
        return "SENIOR" if self.years >= 4 else "ENTRY"


def lazega_lawyers() -> list[Lawyer]:
    lawyers = []
    for line in (LAZEGA / "ELattr.dat").read_text(encoding="utf-8").splitlines():
        if line.strip():
            number, status, _gender, office, years, _age, practice, _school = map(int, line.split())
            lawyers.append(Lawyer(number, status == 1, office, years, practice))
    return lawyers


def lazega_coworker_pairs() -> set[tuple[int, int]]:
    """Pairs (i < j) of lawyer numbers where either named the other."""
    lines = (LAZEGA / "ELwork.dat").read_text(encoding="utf-8").splitlines()
    matrix = [line.split() for line in lines if line.strip()]
    return {
        (min(i, j) + 1, max(i, j) + 1)
        for i, row in enumerate(matrix)
        for j, cell in enumerate(row)
        if cell == "1" and i != j
    }


def lazega_document() -> Document:
    lawyers = {lawyer.number: lawyer for lawyer in lazega_lawyers()}
    people = [
        {
            "id": lawyer.id,
            "name": f"Lawyer {lawyer.number}",
            "headline": f"{'Partner' if lawyer.partner else 'Associate'}, "
            f"{PRACTICES[lawyer.practice]}, {OFFICES[lawyer.office]}",
        }
        for lawyer in lawyers.values()
    ]
    # The study ran 1988-1991; a lawyer with n years at the firm joined in 1988 - n.
    employments = [
        {
            "personId": lawyer.id,
            "companyId": LAZEGA_FIRM,
            "title": "Partner" if lawyer.partner else "Associate",
            "seniority": lawyer.seniority,
            "function": "LEGAL",
            "startDate": f"{1988 - lawyer.years}-01-01",
            "endDate": None,
        }
        for lawyer in lawyers.values()
    ]
    ties = []
    for i, j in sorted(lazega_coworker_pairs()):
        x, y = lawyers[i], lawyers[j]
        strength = 0.5 + 0.25 * (x.office == y.office) + 0.25 * (x.practice == y.practice)
        ties.append({"a": x.id, "b": y.id, "strength": strength, "context": "COLLEAGUE"})
    return {
        "companies": [{"id": LAZEGA_FIRM, "name": "Lazega law firm", "industry": "Legal services"}],
        "people": people,
        "employments": employments,
        "ties": ties,
    }
