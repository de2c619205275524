"""GraphQL types of interviews, ladders and referrals."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from graph_service.api.path_types import IntroductionPathType
from graph_service.api.types import CompanyType, Edge, Info, PageInfo, PersonType, Seniority, page_info
from graph_service.domain import hiring, leaderboard
from graph_service.domain.corrections import FORMER_CONTACT
from graph_service.domain.hiring import allowed_next, credited, led_to_hire
from graph_service.services import interviews as interview_service
from graph_service.services import paging

InterviewStage = strawberry.enum(
    hiring.InterviewStage,
    name="InterviewStage",
    description="HR_SCREEN < HIRING_MANAGER < SENIOR_MANAGEMENT < EXECUTIVE; OTHER is off the ladder.",
)
InterviewOutcome = strawberry.enum(hiring.InterviewOutcome, name="InterviewOutcome")
ReferralStatus = strawberry.enum(
    hiring.ReferralStatus,
    name="ReferralStatus",
    description="MADE → INTRODUCED → INTERVIEWING → OFFERED → HIRED; any non-final state → DECLINED or WITHDRAWN.",
)
ProcessState = strawberry.enum(interview_service.ProcessState, name="ProcessState")
LeaderboardOrder = strawberry.enum(leaderboard.LeaderboardOrder, name="LeaderboardOrder")


async def _person(info: Info, person_id: str) -> PersonType:
    if person_id == FORMER_CONTACT.id:
        return PersonType.from_domain(FORMER_CONTACT)
    person = await info.context.loaders.people.load(person_id)
    assert person is not None, "interviews and referrals only name stored people (or a former contact)"
    return PersonType.from_domain(person)


async def _company(info: Info, company_id: str) -> CompanyType:
    company = await info.context.loaders.companies.load(company_id)
    assert company is not None, "interviews and referrals only name stored companies"
    return CompanyType.from_domain(company)


@strawberry.type(name="Interview")
class InterviewType:
    id: strawberry.ID
    stage: InterviewStage  # type: ignore[valid-type]
    date: date
    outcome: InterviewOutcome  # type: ignore[valid-type]
    role_title: str | None
    hired_role_title: str | None
    candidate_id: strawberry.Private[str]
    company_id: strawberry.Private[str]
    interviewer_id: strawberry.Private[str]

    @classmethod
    def from_domain(cls, interview: hiring.Interview) -> InterviewType:
        return cls(
            id=strawberry.ID(interview.id),
            stage=interview.stage,
            date=interview.date,
            outcome=interview.outcome,
            role_title=interview.role_title,
            hired_role_title=interview.hired_role_title,
            candidate_id=interview.candidate_id,
            company_id=interview.company_id,
            interviewer_id=interview.interviewer_id,
        )

    @strawberry.field
    async def candidate(self, info: Info) -> PersonType:
        return await _person(info, self.candidate_id)

    @strawberry.field
    async def interviewer(self, info: Info) -> PersonType:
        return await _person(info, self.interviewer_id)

    @strawberry.field
    async def company(self, info: Info) -> CompanyType:
        return await _company(info, self.company_id)


@strawberry.type
class LogInterviewPayload:
    interview: InterviewType
    replayed: bool = strawberry.field(
        description="True when the idempotency key was seen before with the same input."
    )


@strawberry.type(name="CompanyLadder", description="A candidate's interviews at one company.")
class CompanyLadderType:
    ladder: strawberry.Private[interview_service.CompanyLadder]
    interviews: list[InterviewType]
    furthest_stage: InterviewStage | None = strawberry.field(  # type: ignore[valid-type]
        description="The furthest stage of the interviews held there; null while all are pending."
    )
    most_senior_met: Seniority | None = strawberry.field(  # type: ignore[valid-type]
        description="The most senior interviewer met in a held interview (pending ones do not count)."
    )
    state: ProcessState  # type: ignore[valid-type]
    withdrew_after_first_stage: bool = strawberry.field(
        description="The candidate withdrew before getting past the first screen."
    )
    hired_role_title: str | None
    hired_for_different_role: bool

    @classmethod
    def from_domain(cls, ladder: interview_service.CompanyLadder) -> CompanyLadderType:
        return cls(
            ladder=ladder,
            interviews=[InterviewType.from_domain(i) for i in ladder.interviews],
            furthest_stage=ladder.furthest_stage,
            most_senior_met=ladder.most_senior_met,
            state=ladder.state,
            withdrew_after_first_stage=ladder.withdrew_after_first_stage,
            hired_role_title=ladder.hired_role_title,
            hired_for_different_role=ladder.hired_for_different_role,
        )

    @strawberry.field
    async def company(self, info: Info) -> CompanyType:
        return await _company(info, self.ladder.company_id)

    @strawberry.field(description="The most senior interviewer met there.")
    async def most_senior_interviewer(self, info: Info) -> PersonType | None:
        person_id = self.ladder.most_senior_interviewer_id
        return None if person_id is None else await _person(info, person_id)

    @strawberry.field(
        description="The next rung up: among the people there not in HR, at least MANAGER and more "
        "senior than anyone met, the lowest level at which someone is within maxHops, and the "
        "strongest path to someone at that level; null when nobody qualifies."
    )
    async def next_rung(self, info: Info, max_hops: int = 3) -> IntroductionPathType | None:
        path = await interview_service.next_rung(info.context.store, self.ladder, max_hops=max_hops)
        return None if path is None else IntroductionPathType.from_domain(path, self.ladder.company_id)

    @strawberry.field(
        description="The top of the climb: mostSeniorReachable for this company; null when nobody "
        "there is within maxHops."
    )
    async def summit(self, info: Info, max_hops: int = 3) -> IntroductionPathType | None:
        path = await interview_service.summit(info.context.store, self.ladder, max_hops=max_hops)
        return None if path is None else IntroductionPathType.from_domain(path, self.ladder.company_id)


@strawberry.type(name="StatusChange")
class StatusChangeType:
    status: ReferralStatus  # type: ignore[valid-type]
    at: datetime
    note: str | None


@strawberry.type(name="Referral")
class ReferralType:
    referral: strawberry.Private[hiring.Referral]
    id: strawberry.ID
    status: ReferralStatus  # type: ignore[valid-type]
    cross_firm: bool = strawberry.field(
        description="The target company is not one the referrer worked at when referring."
    )
    role_title: str | None
    note: str | None
    created_at: datetime
    updated_at: datetime
    history: list[StatusChangeType]

    @classmethod
    def from_domain(cls, referral: hiring.Referral) -> ReferralType:
        return cls(
            referral=referral,
            id=strawberry.ID(referral.id),
            status=referral.status,
            cross_firm=referral.cross_firm,
            role_title=referral.role_title,
            note=referral.note,
            created_at=referral.created_at,
            updated_at=referral.updated_at,
            history=[StatusChangeType(status=c.status, at=c.at, note=c.note) for c in referral.history],
        )

    @strawberry.field
    async def referrer(self, info: Info) -> PersonType:
        return await _person(info, self.referral.referrer_id)

    @strawberry.field
    async def candidate(self, info: Info) -> PersonType:
        return await _person(info, self.referral.candidate_id)

    @strawberry.field
    async def company(self, info: Info) -> CompanyType:
        return await _company(info, self.referral.company_id)

    @strawberry.field
    async def contact(self, info: Info) -> PersonType | None:
        return None if self.referral.contact_id is None else await _person(info, self.referral.contact_id)

    @strawberry.field(description="The statuses it may move to next.")
    def allowed_next(self) -> list[ReferralStatus]:  # type: ignore[valid-type]
        return allowed_next(self.referral.status)

    @strawberry.field(description="The candidate's interviews at the company on or after the referral's day.")
    async def credited_interviews(self, info: Info) -> list[InterviewType]:
        held = await info.context.loaders.interviews.load(self.referral.candidate_id)
        principal = info.context.principal
        return [
            InterviewType.from_domain(i)
            for i in credited(self.referral, held)
            if principal.sees_record(candidate_id=i.candidate_id)
        ]

    @strawberry.field(description="The referral reached HIRED, or a credited interview ended in a hire.")
    async def hired(self, info: Info) -> bool:
        held = await info.context.loaders.interviews.load(self.referral.candidate_id)
        return led_to_hire(self.referral, credited(self.referral, held))


@strawberry.type
class LogReferralPayload:
    referral: ReferralType
    replayed: bool = strawberry.field(
        description="True when the idempotency key was seen before with the same input."
    )


@strawberry.type
class ReferralConnection:
    edges: list[Edge[ReferralType]]
    page_info: PageInfo
    where: strawberry.Private[hiring.ReferralFilter | None]  # None: the caller may see none

    @classmethod
    def from_page(
        cls,
        items: list[hiring.Referral],
        has_next: bool,
        where: hiring.ReferralFilter | None,
        after: str | None,
    ) -> ReferralConnection:
        edges = [
            Edge(cursor=paging.encode_cursor("referral", r.id), node=ReferralType.from_domain(r))
            for r in items
        ]
        return cls(edges=edges, page_info=page_info([e.cursor for e in edges], has_next, after), where=where)

    @strawberry.field(description="All matches, across pages; computed only when asked for.")
    async def total_count(self, info: Info) -> int:
        return 0 if self.where is None else await info.context.store.count_referrals(self.where)


@strawberry.type
class ReferralChainLink:
    referral: ReferralType
    from_company_id: strawberry.Private[str | None]
    to_company_id: strawberry.Private[str]

    @strawberry.field(description="Where the candidate worked on the referral's day, if anywhere.")
    async def from_company(self, info: Info) -> CompanyType | None:
        return None if self.from_company_id is None else await _company(info, self.from_company_id)

    @strawberry.field
    async def to_company(self, info: Info) -> CompanyType:
        return await _company(info, self.to_company_id)


@strawberry.type
class LeaderboardEntry:
    referrer_id: strawberry.Private[str]
    referrals: int
    cross_firm_referrals: int
    introductions: int
    interviews: int
    hires: int
    conversion: float = strawberry.field(description="Hires per referral made.")

    @classmethod
    def from_domain(cls, record: leaderboard.ReferrerRecord) -> LeaderboardEntry:
        return cls(
            referrer_id=record.referrer_id,
            referrals=record.referrals,
            cross_firm_referrals=record.cross_firm,
            introductions=record.introductions,
            interviews=record.interviews,
            hires=record.hires,
            conversion=record.conversion,
        )

    @strawberry.field
    async def referrer(self, info: Info) -> PersonType:
        return await _person(info, self.referrer_id)
