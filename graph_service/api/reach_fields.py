"""The dashboard's API: reach, the watchlist mutations and the live subscriptions."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from graph_service.api.hiring_types import InterviewType, ReferralType
from graph_service.api.types import CompanyType, Info, PersonType, Seniority
from graph_service.domain import reach as domain
from graph_service.services import changes, watchlist
from graph_service.services import reach as service


@strawberry.type
class SeniorityCount:
    seniority: Seniority | None = strawberry.field(  # type: ignore[valid-type]
        description="null: people with no current position."
    )
    people: int


@strawberry.type
class ReachLevel:
    hops: int = strawberry.field(description="People first reached at this many hops.")
    people: int
    by_seniority: list[SeniorityCount] = strawberry.field(
        description="Every level from ENTRY to OWNER, then null; zero counts included."
    )

    @classmethod
    def from_domain(cls, level: domain.ReachLevel) -> ReachLevel:
        return cls(
            hops=level.hops,
            people=level.people,
            by_seniority=[SeniorityCount(seniority=s, people=n) for s, n in level.by_seniority],
        )


@strawberry.type
class CompanyReach:
    company_id: strawberry.Private[str]
    decision_makers: int = strawberry.field(
        description="Decision-makers (MANAGER or above, not in HR) reached within maxHops."
    )
    within_hops: list[int] = strawberry.field(
        description="Decision-makers reached within 1, 2, ... maxHops hops."
    )

    @classmethod
    def from_domain(cls, found: domain.CompanyReach) -> CompanyReach:
        return cls(
            company_id=found.company_id, decision_makers=found.decision_makers, within_hops=list(found.within)
        )

    @strawberry.field
    async def company(self, info: Info) -> CompanyType:
        company = await info.context.loaders.companies.load(self.company_id)
        assert company is not None, "reach only names stored companies"
        return CompanyType.from_domain(company)


@strawberry.type
class Reach:
    levels: list[ReachLevel]
    companies: list[CompanyReach] = strawberry.field(
        description="The companies with the most decision-makers reached, then the nearest, then by id."
    )
    watched: list[CompanyReach] = strawberry.field(description="The companies asked for, in that order.")


@strawberry.type
class ReachQuery:
    @strawberry.field(
        description="How many people a candidate reaches at 1 to maxHops (1-3) hops, by seniority, and "
        "the companies with the most decision-makers reached (first 1-20). SEARCH_TOO_BROAD past "
        f"{service.WORK_LIMIT} ties examined."
    )
    async def reach(
        self,
        info: Info,
        from_id: strawberry.ID,
        max_hops: int = service.MAX_REACH_HOPS,
        first: int = 5,
        company_ids: list[strawberry.ID] | None = None,
    ) -> Reach:
        found = await service.reach(
            info.context.store,
            from_id=from_id,
            max_hops=max_hops,
            first=first,
            company_ids=company_ids or [],
        )
        return Reach(
            levels=[ReachLevel.from_domain(level) for level in found.levels],
            companies=[CompanyReach.from_domain(c) for c in found.companies],
            watched=[CompanyReach.from_domain(c) for c in found.watched],
        )


@strawberry.type
class WatchlistMutation:
    @strawberry.mutation(
        description=f"Put a company on the person's watchlist (at most {watchlist.MAX_TARGETS}); "
        "adding it again changes nothing."
    )
    async def add_target_company(
        self, info: Info, person_id: strawberry.ID, company_id: strawberry.ID
    ) -> PersonType:
        person = await watchlist.add_target(
            info.context.store, person_id=person_id, company_id=company_id, principal=info.context.principal
        )
        return PersonType.from_domain(person)

    @strawberry.mutation(description="Take a company off the person's watchlist; absent is fine.")
    async def remove_target_company(
        self, info: Info, person_id: strawberry.ID, company_id: strawberry.ID
    ) -> PersonType:
        person = await watchlist.remove_target(
            info.context.store, person_id=person_id, company_id=company_id, principal=info.context.principal
        )
        return PersonType.from_domain(person)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Each referral of the candidate as it is logged or changes status, from any client "
        "or replica."
    )
    async def referral_changed(
        self, info: Info, candidate_id: strawberry.ID
    ) -> AsyncGenerator[ReferralType, None]:
        async for referral in changes.referral_changes(
            info.context.store, candidate_id, principal=info.context.principal
        ):
            yield ReferralType.from_domain(referral)

    @strawberry.subscription(
        description="Each interview of the candidate as it is logged or gets an outcome, from any client "
        "or replica."
    )
    async def interview_changed(
        self, info: Info, candidate_id: strawberry.ID
    ) -> AsyncGenerator[InterviewType, None]:
        async for interview in changes.interview_changes(
            info.context.store, candidate_id, principal=info.context.principal
        ):
            yield InterviewType.from_domain(interview)
