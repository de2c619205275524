"""Root fields for interviews and referrals; `Query` and `Mutation` inherit them."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from graph_service.api.hiring_types import (
    CompanyLadderType,
    InterviewOutcome,
    InterviewStage,
    InterviewType,
    LeaderboardEntry,
    LeaderboardOrder,
    LogInterviewPayload,
    LogReferralPayload,
    ReferralChainLink,
    ReferralConnection,
    ReferralStatus,
    ReferralType,
)
from graph_service.api.types import Info, Seniority
from graph_service.domain.hiring import InterviewOutcome as InterviewOutcomeValue
from graph_service.domain.hiring import ReferralFilter as Filter
from graph_service.domain.leaderboard import LeaderboardOrder as Order
from graph_service.services import interviews, paging, referrals


@strawberry.input
class LogInterviewInput:
    candidate_id: strawberry.ID
    company_id: strawberry.ID
    interviewer_id: strawberry.ID
    stage: InterviewStage  # type: ignore[valid-type]
    date: date
    outcome: InterviewOutcome = strawberry.field(  # type: ignore[valid-type]
        default=InterviewOutcomeValue.PENDING,
        description="Anything but PENDING needs a date that is not in the future.",
    )
    role_title: str | None = None
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="The same key with the same input returns the first result; with other input, CONFLICT.",
    )


@strawberry.input
class UpdateInterviewOutcomeInput:
    id: strawberry.ID
    outcome: InterviewOutcome  # type: ignore[valid-type]
    hired_role_title: str | None = strawberry.field(
        default=None,
        description="With HIRED: the role they were hired for, when not the one interviewed for.",
    )


@strawberry.input
class LogReferralInput:
    referrer_id: strawberry.ID
    candidate_id: strawberry.ID
    company_id: strawberry.ID
    contact_id: strawberry.ID | None = strawberry.field(
        default=None, description="Someone who works at the company."
    )
    role_title: str | None = None
    note: str | None = None
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="The same key with the same input returns the first result; with other input, CONFLICT.",
    )
    at: datetime | None = strawberry.field(
        default=None, description="When it was made, for a referral logged after the fact; not in the future."
    )


@strawberry.input
class UpdateReferralStatusInput:
    id: strawberry.ID
    status: ReferralStatus  # type: ignore[valid-type]
    note: str | None = None
    at: datetime | None = strawberry.field(
        default=None,
        description="When it happened, for a change logged after the fact: not in the future, and not "
        "before the referral's previous event.",
    )


@strawberry.input
class ReferralFilter:
    referrer_id: strawberry.ID | None = None
    candidate_id: strawberry.ID | None = None
    company_id: strawberry.ID | None = None
    status: ReferralStatus | None = None  # type: ignore[valid-type]
    cross_firm: bool | None = None


@strawberry.type
class HiringQuery:
    @strawberry.field(description="Per company the candidate interviewed at: the ladder they climbed.")
    async def interview_ladder(self, info: Info, candidate_id: strawberry.ID) -> list[CompanyLadderType]:
        ladders = await interviews.interview_ladder(
            info.context.store, candidate_id, principal=info.context.principal
        )
        return [CompanyLadderType.from_domain(ladder) for ladder in ladders]

    @strawberry.field(description="One referral; NOT_FOUND for an unknown id.")
    async def referral(self, info: Info, id: strawberry.ID) -> ReferralType | None:
        found = await referrals.get_referral(info.context.store, id, principal=info.context.principal)
        return ReferralType.from_domain(found)

    @strawberry.field(description=f"Referrals by id; first is 1 to {paging.MAX_FIRST}.")
    async def referrals(
        self,
        info: Info,
        first: int = paging.DEFAULT_FIRST,
        after: str | None = None,
        filter: ReferralFilter | None = None,
    ) -> ReferralConnection:
        given = filter or ReferralFilter()
        asked = Filter(
            referrer_id=given.referrer_id,
            candidate_id=given.candidate_id,
            company_id=given.company_id,
            status=given.status,
            cross_firm=given.cross_firm,
        )
        where = referrals.visible_filter(info.context.principal, asked)
        items, has_next, where = await referrals.list_referrals(
            info.context.store, first=first, after=after, where=where
        )
        return ReferralConnection.from_page(items, has_next, where, after)

    @strawberry.field(description="The candidate's referrals in time order, firm to firm.")
    async def referral_chain(self, info: Info, candidate_id: strawberry.ID) -> list[ReferralChainLink]:
        links = await referrals.referral_chain(
            info.context.store, candidate_id, principal=info.context.principal
        )
        return [
            ReferralChainLink(
                referral=ReferralType.from_domain(link.referral),
                from_company_id=link.from_company_id,
                to_company_id=link.to_company_id,
            )
            for link in links
        ]

    @strawberry.field(description="Referrers ranked by orderBy (highest first); first is 1 to 50.")
    async def referrer_leaderboard(
        self,
        info: Info,
        first: int = 10,
        order_by: LeaderboardOrder = Order.HIRES,  # type: ignore[valid-type]
        min_seniority: Seniority | None = None,  # type: ignore[valid-type]
    ) -> list[LeaderboardEntry]:
        records = await referrals.referrer_leaderboard(
            info.context.store, first=first, order=order_by, min_seniority=min_seniority
        )
        return [LeaderboardEntry.from_domain(r) for r in records]


@strawberry.type
class HiringMutation:
    @strawberry.mutation(
        description="Log an interview; a held one (any outcome but PENDING) creates or warms the "
        "candidate-interviewer tie."
    )
    async def log_interview(self, info: Info, input: LogInterviewInput) -> LogInterviewPayload:
        interview, created = await interviews.log_interview(
            info.context.store,
            candidate_id=input.candidate_id,
            company_id=input.company_id,
            interviewer_id=input.interviewer_id,
            stage=input.stage,
            day=input.date,
            outcome=input.outcome,
            role_title=input.role_title,
            key=input.idempotency_key,
            principal=info.context.principal,
        )
        return LogInterviewPayload(interview=InterviewType.from_domain(interview), replayed=not created)

    @strawberry.mutation(
        description="When a pending interview gets an outcome it was held: the tie to the interviewer is "
        "created or warmed as of its date. A held interview cannot go back to PENDING (INVALID_TRANSITION)."
    )
    async def update_interview_outcome(self, info: Info, input: UpdateInterviewOutcomeInput) -> InterviewType:
        interview = await interviews.update_interview_outcome(
            info.context.store,
            interview_id=input.id,
            outcome=input.outcome,
            hired_role_title=input.hired_role_title,
            principal=info.context.principal,
        )
        return InterviewType.from_domain(interview)

    @strawberry.mutation(
        description="Move a pending interview to another date (INVALID_TRANSITION once held); the "
        "interviewer must work at the company on that date."
    )
    async def reschedule_interview(self, info: Info, id: strawberry.ID, date: date) -> InterviewType:
        interview = await interviews.reschedule_interview(
            info.context.store, interview_id=id, day=date, principal=info.context.principal
        )
        return InterviewType.from_domain(interview)

    @strawberry.mutation(description="Log a referral to a company, in status MADE.")
    async def log_referral(self, info: Info, input: LogReferralInput) -> LogReferralPayload:
        referral, created = await referrals.log_referral(
            info.context.store,
            referrer_id=input.referrer_id,
            candidate_id=input.candidate_id,
            company_id=input.company_id,
            contact_id=input.contact_id,
            role_title=input.role_title,
            note=input.note,
            key=input.idempotency_key,
            at=input.at,
            principal=info.context.principal,
        )
        return LogReferralPayload(referral=ReferralType.from_domain(referral), replayed=not created)

    @strawberry.mutation(
        description="Move a referral along its state machine; INVALID_TRANSITION otherwise. "
        "Reaching INTRODUCED ties the candidate to the contact."
    )
    async def update_referral_status(self, info: Info, input: UpdateReferralStatusInput) -> ReferralType:
        referral = await referrals.update_referral_status(
            info.context.store,
            referral_id=input.id,
            status=input.status,
            note=input.note,
            at=input.at,
            principal=info.context.principal,
        )
        return ReferralType.from_domain(referral)
