"""Interviews: logging them (with the tie a held one creates or warms) and the interview ladder.

A PENDING interview is scheduled, not held: it warms no tie and counts for nothing on the ladder
until its outcome leaves PENDING, which it can do only once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date

from graph_service.domain.access import SYSTEM, Principal
from graph_service.domain.errors import BadUserInput, InvalidTransition, NotFound
from graph_service.domain.hiring import Interview, InterviewOutcome, InterviewStage
from graph_service.domain.model import (
    Company,
    Employment,
    Seniority,
    Tie,
    TieContext,
    held_on,
    highest,
    id_key,
    tie_pair,
)
from graph_service.domain.parties import Parties, Wanted
from graph_service.domain.paths import MAX_HOPS, IntroductionPath, PathOrder, PathQuery
from graph_service.domain.strength import default_strength
from graph_service.services import validation as check
from graph_service.services.access import require_own
from graph_service.services.idempotency import fingerprint, idempotency_key
from graph_service.services.paths import most_senior_reachable
from graph_service.services.people import get_company, get_person
from graph_service.store.protocol import Store


def held_date(day: object, outcome: InterviewOutcome, today: date) -> date:
    """The interview's day, which a held interview (any outcome but PENDING) cannot have ahead."""
    held = check.optional_date(day, "date")
    if held is None:
        raise BadUserInput("date is required", field="date")
    check_not_ahead(held, outcome, today, field="date")
    return held


def check_not_ahead(held: date, outcome: InterviewOutcome, today: date, *, field: str) -> None:
    if held > today and outcome is not InterviewOutcome.PENDING:
        raise BadUserInput(
            f"date {held.isoformat()} is in the future, but outcome {outcome.value} says the interview was held",
            field=field,
        )


def hired_role(value: object, outcome: InterviewOutcome) -> str | None:
    hired_as = check.optional_text(value, "hiredRoleTitle")
    if hired_as is not None and outcome is not InterviewOutcome.HIRED:
        raise BadUserInput("hiredRoleTitle only goes with outcome HIRED", field="hiredRoleTitle")
    return hired_as


def check_interviewer(candidate_id: str, interviewer_id: str) -> None:
    if id_key(candidate_id) == id_key(interviewer_id):
        raise BadUserInput("the candidate cannot interview themselves", field="interviewerId")


async def log_interview(
    store: Store,
    *,
    candidate_id: str,
    company_id: str,
    interviewer_id: str,
    stage: object,
    day: object,
    outcome: object,
    role_title: object = None,
    key: object = None,
    today: date | None = None,
    principal: Principal = SYSTEM,
) -> tuple[Interview, bool]:
    """Store the interview and create or warm the candidate-interviewer tie; returns the interview
    and whether it is new (False for a replay of the same idempotency key and input)."""
    require_own(principal, candidate_id, what="log interviews")
    today = today or date.today()
    kind = check.enum_member(InterviewStage, stage, "stage")
    result = check.enum_member(InterviewOutcome, outcome, "outcome")
    held = held_date(day, result, today)
    title = check.optional_text(role_title, "roleTitle")
    check_interviewer(candidate_id, interviewer_id)
    used_key = idempotency_key(key)

    def decide(parties: Parties) -> tuple[Interview, Tie | None]:
        # Ids may be asked in any case: the interview names each party by its stored spelling.
        candidate = parties.person(candidate_id).id
        interviewer = parties.person(interviewer_id).id
        company = parties.company(company_id)
        if held_on(parties.jobs_of(interviewer_id), company.id, held) is None:
            raise BadUserInput(
                f"interviewer {interviewer!r} did not work at {company.id!r} on {held.isoformat()}",
                field="interviewerId",
            )
        interview = Interview(
            id=f"iv_{check.new_id()}",
            candidate_id=candidate,
            company_id=company.id,
            interviewer_id=interviewer,
            stage=kind,
            date=held,
            outcome=result,
            role_title=title,
            idempotency_key=used_key,
            fingerprint=fingerprint(
                {
                    "candidateId": candidate,
                    "companyId": company.id,
                    "interviewerId": interviewer,
                    "stage": kind.value,
                    "date": held.isoformat(),
                    "outcome": result.value,
                    "roleTitle": title,
                }
            )
            if used_key
            else None,
        )
        tie = None if result is InterviewOutcome.PENDING else interview_tie(interview, company, today)
        return interview, tie

    wanted = Wanted((candidate_id, interviewer_id), company_id, used_key)
    return await store.record_interview(wanted, decide)


def interview_tie(interview: Interview, company: Company, today: date) -> Tie:
    """The candidate-interviewer tie a held interview creates (or warms), as of its day."""
    a, b = tie_pair(interview.candidate_id, interview.interviewer_id)
    held = interview.date
    return Tie(
        a=a,
        b=b,
        strength=default_strength(TieContext.INTERVIEW, since=held, last_interaction=held, today=today),
        context=TieContext.INTERVIEW,
        since=held,
        last_interaction=held,
        evidence=f"{interview.stage.value.replace('_', ' ').lower()} interview at {company.name} on {held.isoformat()}",
    )


async def update_interview_outcome(
    store: Store,
    *,
    interview_id: str,
    outcome: object,
    hired_role_title: object = None,
    today: date | None = None,
    principal: Principal = SYSTEM,
) -> Interview:
    """A pending interview that gets an outcome was held: its tie is created or warmed then."""
    today = today or date.today()
    result = check.enum_member(InterviewOutcome, outcome, "outcome")
    hired_as = hired_role(hired_role_title, result)
    interview = await _interview(store, interview_id, principal)
    pending = interview.outcome is InterviewOutcome.PENDING
    if not pending and result is InterviewOutcome.PENDING:
        raise InvalidTransition(
            f"interview {interview_id!r} was held ({interview.outcome.value}); it cannot go back to PENDING"
        )
    check_not_ahead(interview.date, result, today, field="outcome")
    tie = None
    if pending and result is not InterviewOutcome.PENDING:
        tie = interview_tie(interview, await get_company(store, interview.company_id), today)
    changed = replace(interview, outcome=result, hired_role_title=hired_as)
    return await store.change_interview(changed, expected=interview.outcome, tie=tie)


async def reschedule_interview(
    store: Store, *, interview_id: str, day: object, principal: Principal = SYSTEM
) -> Interview:
    """Move a pending interview to another day; the interviewer must work there on that day."""
    new_day = check.optional_date(day, "date")
    if new_day is None:
        raise BadUserInput("date is required", field="date")
    interview = await _interview(store, interview_id, principal)
    if interview.outcome is not InterviewOutcome.PENDING:
        raise InvalidTransition(
            f"interview {interview_id!r} was held ({interview.outcome.value}); only a pending one can be rescheduled"
        )
    (jobs,) = await store.employments_of([interview.interviewer_id])
    if held_on(jobs, interview.company_id, new_day) is None:
        raise BadUserInput(
            f"interviewer {interview.interviewer_id!r} did not work at {interview.company_id!r} on {new_day.isoformat()}",
            field="date",
        )
    changed = replace(interview, date=new_day)
    return await store.change_interview(changed, expected=InterviewOutcome.PENDING, tie=None)


async def _interview(store: Store, interview_id: str, principal: Principal) -> Interview:
    """The interview, if the principal may see it; a private one is NOT_FOUND to anyone else."""
    (interview,) = await store.get_interviews([interview_id])
    if interview is None or not principal.sees_record(candidate_id=interview.candidate_id):
        raise NotFound(f"no interview with id {interview_id!r}")
    return interview


class ProcessState(enum.Enum):
    IN_PROGRESS = "IN_PROGRESS"
    OFFER = "OFFER"
    HIRED = "HIRED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


_STATE_OF = {
    InterviewOutcome.PENDING: ProcessState.IN_PROGRESS,
    InterviewOutcome.ADVANCED: ProcessState.IN_PROGRESS,
    InterviewOutcome.OFFER: ProcessState.OFFER,
    InterviewOutcome.HIRED: ProcessState.HIRED,
    InterviewOutcome.REJECTED: ProcessState.REJECTED,
    InterviewOutcome.WITHDRAWN: ProcessState.WITHDRAWN,
}


@dataclass(frozen=True)
class CompanyLadder:
    """`furthest_stage` and `most_senior_met` count held interviews only (None before any)."""

    candidate_id: str
    company_id: str
    interviews: list[Interview]
    furthest_stage: InterviewStage | None
    most_senior_interviewer_id: str | None
    most_senior_met: Seniority | None
    state: ProcessState
    withdrew_after_first_stage: bool
    hired_role_title: str | None
    hired_for_different_role: bool


async def interview_ladder(
    store: Store, candidate_id: str, *, principal: Principal = SYSTEM
) -> list[CompanyLadder]:
    """Per company, in the order the candidate first interviewed there; nothing for a principal
    who may not see the candidate's interviews."""
    candidate_id = (await get_person(store, candidate_id)).id
    if not principal.sees_record(candidate_id=candidate_id):
        return []
    (interviews,) = await store.interviews_of([candidate_id])
    by_company: dict[str, list[Interview]] = {}
    for interview in interviews:
        by_company.setdefault(interview.company_id, []).append(interview)
    interviewers = sorted({i.interviewer_id for i in interviews})
    jobs = dict(zip(interviewers, await store.employments_of(interviewers), strict=True))
    return [_ladder(candidate_id, company_id, listed, jobs) for company_id, listed in by_company.items()]


def _ladder(
    candidate_id: str, company_id: str, listed: list[Interview], jobs: dict[str, list[Employment]]
) -> CompanyLadder:
    held = [i for i in listed if i.outcome is not InterviewOutcome.PENDING]
    met = [(i, held_on(jobs[i.interviewer_id], company_id, i.date)) for i in held]
    seniority = highest(job.seniority if job else None for _, job in met)
    senior_ids = sorted(
        {
            i.interviewer_id
            for i, job in met
            if job is not None and seniority is not None and job.seniority is seniority
        }
    )
    furthest = max((i.stage for i in held), key=lambda s: s.rank) if held else None
    hires = [i for i in held if i.outcome is InterviewOutcome.HIRED]
    state = ProcessState.HIRED if hires else _STATE_OF[listed[-1].outcome]
    hired_as = hires[-1].hired_role_title or hires[-1].role_title if hires else None
    titles = {(i.role_title or "").casefold() for i in listed if i.role_title}
    return CompanyLadder(
        candidate_id=candidate_id,
        company_id=company_id,
        interviews=listed,
        furthest_stage=furthest,
        most_senior_interviewer_id=senior_ids[0] if senior_ids else None,
        most_senior_met=seniority,
        state=state,
        withdrew_after_first_stage=state is ProcessState.WITHDRAWN
        and (furthest is None or furthest.rank <= InterviewStage.HR_SCREEN.rank),
        hired_role_title=hired_as,
        hired_for_different_role=hired_as is not None and hired_as.casefold() not in titles,
    )


async def next_rung(store: Store, ladder: CompanyLadder, *, max_hops: int = 3) -> IntroductionPath | None:
    """The next rung up: among the people there not in HR, at least MANAGER and more senior than
    anyone met, the lowest level at which someone is within reach, and the strongest path to
    someone at that level."""
    check.int_in_range(max_hops, "maxHops", low=1, high=MAX_HOPS)
    floor = Seniority.MANAGER.rank
    if ladder.most_senior_met is not None:
        floor = max(floor, ladder.most_senior_met.rank + 1)
    for level in list(Seniority)[floor:]:
        found = await store.introduction_paths(
            PathQuery(
                from_id=ladder.candidate_id,
                target_company_id=ladder.company_id,
                min_seniority=level,
                max_seniority=level,
                max_hops=max_hops,
                first=1,
                order=PathOrder.STRONGEST,
            )
        )
        if found:
            return found[0]
    return None


async def summit(store: Store, ladder: CompanyLadder, *, max_hops: int = 3) -> IntroductionPath | None:
    """The top of the climb: the most senior person there within reach."""
    return await most_senior_reachable(
        store, from_id=ladder.candidate_id, company_id=ladder.company_id, max_hops=max_hops
    )
