"""Entities to and from the rows of the import format (docs/design.md §7).

These functions trust their input: they serve export and the memory store's journal, which only
ever hold rows this module wrote. Rows from outside go through `services.document` first.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from graph_service.domain.hiring import (
    Interview,
    InterviewOutcome,
    InterviewStage,
    Referral,
    ReferralStatus,
    StatusChange,
)
from graph_service.domain.model import (
    Company,
    Employment,
    Function,
    GraphDocument,
    Person,
    Seniority,
    Target,
    Tie,
    TieContext,
    tie_pair,
)

Row = dict[str, Any]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _add_present(row: Row, **optional: object) -> None:
    """Optional fields go into a row only when they have a value."""
    row.update((key, value) for key, value in optional.items() if value is not None)


def person_row(person: Person) -> Row:
    row: Row = {"id": person.id, "name": person.name}
    _add_present(
        row,
        headline=person.headline,
        email=person.email,
        linkedinUrl=person.linkedin_url,
    )
    return row


def company_row(company: Company) -> Row:
    row: Row = {"id": company.id, "name": company.name}
    _add_present(row, domain=company.domain, industry=company.industry)
    return row


def employment_row(employment: Employment) -> Row:
    row: Row = {
        "personId": employment.person_id,
        "companyId": employment.company_id,
        "title": employment.title,
        "seniority": employment.seniority.value,
        "function": employment.function.value,
        "startDate": _iso(employment.start_date),
        "endDate": _iso(employment.end_date),
    }
    if employment.inferred:
        row["inferred"] = True
    return row


def tie_row(tie: Tie) -> Row:
    row: Row = {"a": tie.a, "b": tie.b, "strength": tie.strength, "context": tie.context.value}
    _add_present(
        row,
        since=_iso(tie.since),
        lastInteraction=_iso(tie.last_interaction),
        evidence=tie.evidence,
    )
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
        inferred=bool(row.get("inferred")),
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


def target_row(target: Target) -> Row:
    return {"personId": target.person_id, "companyId": target.company_id}


def target_from_row(row: Mapping[str, Any]) -> Target:
    return Target(person_id=row["personId"], company_id=row["companyId"])


def timestamp(value: datetime) -> str:
    """UTC, to the second or finer, with a Z: the one text form of a moment in rows."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def interview_row(interview: Interview) -> Row:
    row: Row = {
        "id": interview.id,
        "candidateId": interview.candidate_id,
        "companyId": interview.company_id,
        "interviewerId": interview.interviewer_id,
        "stage": interview.stage.value,
        "date": interview.date.isoformat(),
        "outcome": interview.outcome.value,
    }
    _add_present(
        row,
        roleTitle=interview.role_title,
        hiredRoleTitle=interview.hired_role_title,
        idempotencyKey=interview.idempotency_key,
        fingerprint=interview.fingerprint,
    )
    return row


def interview_from_row(row: Mapping[str, Any]) -> Interview:
    return Interview(
        id=row["id"],
        candidate_id=row["candidateId"],
        company_id=row["companyId"],
        interviewer_id=row["interviewerId"],
        stage=InterviewStage(row["stage"]),
        date=date.fromisoformat(row["date"]),
        outcome=InterviewOutcome(row["outcome"]),
        role_title=row.get("roleTitle"),
        hired_role_title=row.get("hiredRoleTitle"),
        idempotency_key=row.get("idempotencyKey"),
        fingerprint=row.get("fingerprint"),
    )


def change_row(change: StatusChange) -> Row:
    row: Row = {"status": change.status.value, "at": timestamp(change.at)}
    if change.note is not None:
        row["note"] = change.note
    return row


def change_from_row(row: Mapping[str, Any]) -> StatusChange:
    return StatusChange(ReferralStatus(row["status"]), parse_timestamp(row["at"]), row.get("note"))


def referral_row(referral: Referral) -> Row:
    row: Row = {
        "id": referral.id,
        "referrerId": referral.referrer_id,
        "candidateId": referral.candidate_id,
        "companyId": referral.company_id,
        "status": referral.status.value,
        "createdAt": timestamp(referral.created_at),
        "updatedAt": timestamp(referral.updated_at),
        "crossFirm": referral.cross_firm,
        "history": [change_row(c) for c in referral.history],
    }
    _add_present(
        row,
        contactId=referral.contact_id,
        roleTitle=referral.role_title,
        note=referral.note,
        idempotencyKey=referral.idempotency_key,
        fingerprint=referral.fingerprint,
    )
    return row


def referral_from_row(row: Mapping[str, Any]) -> Referral:
    return Referral(
        id=row["id"],
        referrer_id=row["referrerId"],
        candidate_id=row["candidateId"],
        company_id=row["companyId"],
        status=ReferralStatus(row["status"]),
        created_at=parse_timestamp(row["createdAt"]),
        updated_at=parse_timestamp(row["updatedAt"]),
        cross_firm=bool(row["crossFirm"]),
        history=tuple(change_from_row(c) for c in row["history"]),
        contact_id=row.get("contactId"),
        role_title=row.get("roleTitle"),
        note=row.get("note"),
        idempotency_key=row.get("idempotencyKey"),
        fingerprint=row.get("fingerprint"),
    )


def document_rows(document: GraphDocument) -> dict[str, list[Row]]:
    return {
        "companies": [company_row(c) for c in document.companies],
        "people": [person_row(p) for p in document.people],
        "employments": [employment_row(e) for e in document.employments],
        "ties": [tie_row(t) for t in document.ties],
        "interviews": [interview_row(i) for i in document.interviews],
        "referrals": [referral_row(r) for r in document.referrals],
        "targets": [target_row(t) for t in document.targets],
    }


def document_from_rows(rows: Mapping[str, Any]) -> GraphDocument:
    return GraphDocument(
        companies=[company_from_row(r) for r in rows.get("companies", [])],
        people=[person_from_row(r) for r in rows.get("people", [])],
        employments=[employment_from_row(r) for r in rows.get("employments", [])],
        ties=[tie_from_row(r) for r in rows.get("ties", [])],
        interviews=[interview_from_row(r) for r in rows.get("interviews", [])],
        referrals=[referral_from_row(r) for r in rows.get("referrals", [])],
        targets=[target_from_row(r) for r in rows.get("targets", [])],
    )
