"""Entities to and from the rows of the import format (design.md section 6).

These functions trust their input: they serve export and the memory store's journal, which only
ever hold rows this module wrote. Rows from outside go through `services.document` first.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from graph_service.domain.model import (
    Company,
    Employment,
    Function,
    GraphDocument,
    Person,
    Seniority,
    Tie,
    TieContext,
    tie_pair,
)

Row = dict[str, Any]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def person_row(person: Person) -> Row:
    row: Row = {"id": person.id, "name": person.name}
    for key, value in (
        ("headline", person.headline),
        ("email", person.email),
        ("linkedinUrl", person.linkedin_url),
    ):
        if value is not None:
            row[key] = value
    return row


def company_row(company: Company) -> Row:
    row: Row = {"id": company.id, "name": company.name}
    if company.domain is not None:
        row["domain"] = company.domain
    if company.industry is not None:
        row["industry"] = company.industry
    return row


def employment_row(employment: Employment) -> Row:
    return {
        "personId": employment.person_id,
        "companyId": employment.company_id,
        "title": employment.title,
        "seniority": employment.seniority.value,
        "function": employment.function.value,
        "startDate": _iso(employment.start_date),
        "endDate": _iso(employment.end_date),
    }


def tie_row(tie: Tie) -> Row:
    row: Row = {"a": tie.a, "b": tie.b, "strength": tie.strength, "context": tie.context.value}
    for key, value in (
        ("since", _iso(tie.since)),
        ("lastInteraction", _iso(tie.last_interaction)),
        ("evidence", tie.evidence),
    ):
        if value is not None:
            row[key] = value
    return row


def person_from_row(row: Mapping[str, Any]) -> Person:
    return Person(
        id=row["id"],
        name=row["name"],
        headline=row.get("headline"),
        email=row.get("email"),
        linkedin_url=row.get("linkedinUrl"),
    )


def company_from_row(row: Mapping[str, Any]) -> Company:
    return Company(id=row["id"], name=row["name"], domain=row.get("domain"), industry=row.get("industry"))


def employment_from_row(row: Mapping[str, Any]) -> Employment:
    return Employment(
        person_id=row["personId"],
        company_id=row["companyId"],
        title=row["title"],
        seniority=Seniority(row["seniority"]),
        function=Function(row["function"]),
        start_date=_date(row.get("startDate")),
        end_date=_date(row.get("endDate")),
    )


def tie_from_row(row: Mapping[str, Any]) -> Tie:
    a, b = tie_pair(row["a"], row["b"])
    return Tie(
        a=a,
        b=b,
        strength=float(row["strength"]),
        context=TieContext(row["context"]),
        since=_date(row.get("since")),
        last_interaction=_date(row.get("lastInteraction")),
        evidence=row.get("evidence"),
    )


def document_rows(document: GraphDocument) -> dict[str, list[Row]]:
    return {
        "companies": [company_row(c) for c in document.companies],
        "people": [person_row(p) for p in document.people],
        "employments": [employment_row(e) for e in document.employments],
        "ties": [tie_row(t) for t in document.ties],
    }


def document_from_rows(rows: Mapping[str, Any]) -> GraphDocument:
    return GraphDocument(
        companies=[company_from_row(r) for r in rows.get("companies", [])],
        people=[person_from_row(r) for r in rows.get("people", [])],
        employments=[employment_from_row(r) for r in rows.get("employments", [])],
        ties=[tie_from_row(r) for r in rows.get("ties", [])],
    )
