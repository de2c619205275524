"""Interview and referral rows of an import document: each checked on its own here; the rules
that need employments (an interviewer's, a contact's, a referrer's) are applied by
`graph_import` once the document's and the store's employments are known."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from graph_service.domain.corrections import FORMER_CONTACT
from graph_service.domain.errors import BadUserInput, RowProblem
from graph_service.domain.hiring import (
    Interview,
    InterviewOutcome,
    InterviewStage,
    Referral,
    ReferralStatus,
    StatusChange,
    allowed_next,
)
from graph_service.domain.model import Employment, held_on
from graph_service.services import validation as check
from graph_service.services.idempotency import idempotency_key
from graph_service.services.interviews import check_interviewer, held_date, hired_role
from graph_service.services.referrals import check_not_employer, check_parties, event_time, now

INTERVIEW_FIELDS = {
    "id", "candidateId", "companyId", "interviewerId", "stage", "date", "outcome",
    "roleTitle", "hiredRoleTitle", "idempotencyKey", "fingerprint",
}  # fmt: skip
REFERRAL_FIELDS = {
    "id", "referrerId", "candidateId", "companyId", "contactId", "roleTitle", "note", "status",
    "createdAt", "updatedAt", "history", "crossFirm", "idempotencyKey", "fingerprint",
}  # fmt: skip


def interview_from_row(row: Mapping[str, Any], *, today: date) -> Interview:
    """The rules of `logInterview`, each checked, every failure reported in field order."""
    found = check.Collected()
    interview_id = found(lambda: check.identifier(row.get("id"), "id"))
    candidate = found(lambda: check.identifier(row.get("candidateId"), "candidateId"))
    company = found(lambda: check.identifier(row.get("companyId"), "companyId"))
    interviewer = found(lambda: check.identifier(row.get("interviewerId"), "interviewerId"))
    if candidate is not None and interviewer is not None:
        found(lambda: check_interviewer(candidate, interviewer))
    stage = found(lambda: check.enum_member(InterviewStage, row.get("stage"), "stage"))
    outcome = found(lambda: check.enum_member(InterviewOutcome, row.get("outcome"), "outcome"))
    if outcome is not None:
        held = found(lambda: held_date(row.get("date"), outcome, today))
        hired_as = found(lambda: hired_role(row.get("hiredRoleTitle"), outcome))
    title = found(lambda: check.optional_text(row.get("roleTitle"), "roleTitle"))
    key, stored_fingerprint = _keyed(found, row)
    found.done()
    return Interview(
        id=interview_id,
        candidate_id=candidate,
        company_id=company,
        interviewer_id=interviewer,
        stage=stage,
        date=held,
        outcome=outcome,
        role_title=title,
        hired_role_title=hired_as,
        idempotency_key=key,
        fingerprint=stored_fingerprint,
    )


def referral_from_row(row: Mapping[str, Any]) -> Referral:
    """The rules of `logReferral` and `updateReferralStatus`, every failure reported in field
    order; the history must be a legal walk of the state machine with times in order."""
    found = check.Collected()
    referral_id = found(lambda: check.identifier(row.get("id"), "id"))
    referrer = found(lambda: check.identifier(row.get("referrerId"), "referrerId"))
    candidate = found(lambda: check.identifier(row.get("candidateId"), "candidateId"))
    company = found(lambda: check.identifier(row.get("companyId"), "companyId"))
    raw_contact = row.get("contactId")
    contact = None if raw_contact is None else found(lambda: check.identifier(raw_contact, "contactId"))
    if found.ok:
        found(lambda: check_parties(referrer, candidate, contact))
    status = found(lambda: check.enum_member(ReferralStatus, row.get("status"), "status"))
    created = found(lambda: moment(row.get("createdAt"), "createdAt"))
    if status is not None and created is not None:
        history = found(lambda: _history(row.get("history"), status, created, row.get("updatedAt")))
        if history is not None:
            # As `at` on the mutations: nothing logged ahead of now.
            found(lambda: event_time(history[-1].at, now_=now()))
    cross_firm = row.get("crossFirm")
    if cross_firm is not None and not isinstance(cross_firm, bool):
        found.errors.append(BadUserInput(f"crossFirm must be true or false; got {check.shown(cross_firm)}"))
    title = found(lambda: check.optional_text(row.get("roleTitle"), "roleTitle"))
    note = found(lambda: check.optional_text(row.get("note"), "note", max_length=1000))
    key, stored_fingerprint = _keyed(found, row)
    found.done()
    return Referral(
        id=referral_id,
        referrer_id=referrer,
        candidate_id=candidate,
        company_id=company,
        status=status,
        created_at=created,
        updated_at=history[-1].at,
        cross_firm=bool(cross_firm),
        history=history,
        contact_id=contact,
        role_title=title,
        note=note,
        idempotency_key=key,
        fingerprint=stored_fingerprint,
    )


def moment(value: object, field: str) -> datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return parsed.astimezone(UTC)
    raise BadUserInput(
        f"{field} must be a time with its zone, like 2026-03-10T09:00:00Z; got {check.shown(value)}"
    )


def _history(
    raw: object, status: ReferralStatus, created: datetime, updated: object
) -> tuple[StatusChange, ...]:
    if raw is None:
        made = StatusChange(ReferralStatus.MADE, created)
        if status is ReferralStatus.MADE:
            return (made,)
        if status not in allowed_next(ReferralStatus.MADE):
            raise BadUserInput(f"a referral with status {status.value} needs its history")
        at = created if updated is None else moment(updated, "updatedAt")
        return (made, StatusChange(status, max(at, created)))
    if not isinstance(raw, list) or not raw:
        raise BadUserInput("history must be a non-empty list of {status, at, note}")
    changes = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, Mapping) or set(entry) - {"status", "at", "note"}:
            raise BadUserInput(f"history[{index}] must be an object with status, at and an optional note")
        changes.append(
            StatusChange(
                check.enum_member(ReferralStatus, entry.get("status"), f"history[{index}].status"),
                moment(entry.get("at"), f"history[{index}].at"),
                check.optional_text(entry.get("note"), f"history[{index}].note", max_length=1000),
            )
        )
    if changes[0].status is not ReferralStatus.MADE or changes[0].at != created:
        raise BadUserInput("history must start with MADE at createdAt")
    for before, after in itertools.pairwise(changes):
        if after.status not in allowed_next(before.status):
            raise BadUserInput(
                f"history goes from {before.status.value} to {after.status.value}, which is not allowed"
            )
        if after.at < before.at:
            raise BadUserInput("history times must not go back")
    if changes[-1].status is not status:
        raise BadUserInput(f"history ends at {changes[-1].status.value} but status is {status.value}")
    return tuple(changes)


def apply_employment_rules(
    interviews: list[tuple[str, Interview]],
    referrals: list[tuple[str, Referral]],
    *,
    jobs: Mapping[str, list[Employment]],
    problems: list[RowProblem],
) -> tuple[list[tuple[str, Interview]], list[tuple[str, Referral]]]:
    """Interviewers must work at the company on the day, contacts at the target company on the
    referral's day, and the candidate not; a referral's crossFirm always follows from the
    referrer's jobs (a given one is ignored)."""
    kept_interviews = []
    for position, interview in interviews:
        if (
            interview.interviewer_id != FORMER_CONTACT.id
            and held_on(jobs.get(interview.interviewer_id, []), interview.company_id, interview.date) is None
        ):
            problems.append(
                RowProblem(
                    position,
                    f"interviewer {interview.interviewer_id!r} did not work at {interview.company_id!r} "
                    f"on {interview.date.isoformat()}",
                )
            )
        else:
            kept_interviews.append((position, interview))
    kept_referrals = []
    for position, referral in referrals:
        at = referral.created_at
        try:
            check_not_employer(jobs.get(referral.candidate_id, []), referral.company_id, at)
        except BadUserInput as error:
            problems.append(RowProblem(position, error.message))
            continue
        if (
            referral.contact_id not in (None, FORMER_CONTACT.id)
            and held_on(jobs.get(referral.contact_id, []), referral.company_id, at.date()) is None
        ):
            problems.append(
                RowProblem(
                    position, f"contact {referral.contact_id!r} did not work at {referral.company_id!r}"
                )
            )
            continue
        if referral.referrer_id != FORMER_CONTACT.id:
            # A deleted referrer's positions are gone: their referrals keep the crossFirm they had.
            outside = held_on(jobs.get(referral.referrer_id, []), referral.company_id, at.date()) is None
            referral = replace(referral, cross_firm=outside)
        kept_referrals.append((position, referral))
    return kept_interviews, kept_referrals


def _keyed(found: check.Collected, row: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """A row's idempotency key and the fingerprint of the input it was first used with (an
    export writes both); their problems join the row's others in `found`."""
    key = found(lambda: idempotency_key(row.get("idempotencyKey")))
    stored = found(lambda: check.optional_text(row.get("fingerprint"), "fingerprint", max_length=64))
    return key, stored
