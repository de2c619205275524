"""Root query fields: thin resolvers that call one service each."""

from __future__ import annotations

import strawberry

from graph_service.api import inputs, person_read
from graph_service.api.audit_types import AuditEntryConnection, AuditLogFilter
from graph_service.api.hiring_fields import HiringQuery
from graph_service.api.path_types import IntroductionPathType, PathOrderEnum, PathTarget, prime_people
from graph_service.api.reach_fields import ReachQuery
from graph_service.api.types import (
    CompanyConnection,
    CompanyType,
    Function,
    Info,
    PersonConnection,
    PersonType,
    TitleClassType,
)
from graph_service.domain.access import AuditFilter
from graph_service.domain.paths import PathOrder
from graph_service.services import access, network, paging, paths, people


@strawberry.type
class Query(HiringQuery, ReachQuery):
    @strawberry.field(
        description="The seniority and function a job title names, and the rules that said so; the "
        "importers and addEmployment use the same reading for positions given without them."
    )
    def classify_title(self, title: str) -> TitleClassType:
        return TitleClassType.from_domain(network.read_title(title))

    @strawberry.field(description="One person; NOT_FOUND for an unknown id.")
    async def person(self, info: Info, id: strawberry.ID) -> PersonType | None:
        raw = info._raw_info  # the syntax tree: see `person_read.parts_selected`
        parts = person_read.parts_selected(raw.field_nodes, raw.fragments)
        detail = await people.read_person(info.context.store, id, parts)
        person_read.prime(info.context.loaders, detail)
        return PersonType.from_domain(detail.person)

    @strawberry.field(description="One company; NOT_FOUND for an unknown id.")
    async def company(self, info: Info, id: strawberry.ID) -> CompanyType | None:
        return CompanyType.from_domain(await people.get_company(info.context.store, id))

    @strawberry.field(description=f"People by id; first is 1 to {paging.MAX_FIRST}.")
    async def people(
        self,
        info: Info,
        first: int = paging.DEFAULT_FIRST,
        after: str | None = None,
        filter: inputs.PeopleFilter | None = None,
    ) -> PersonConnection:
        where = filter or inputs.PeopleFilter()
        page, checked = await people.list_people(
            info.context.store,
            first=first,
            after=after,
            name_contains=where.name_contains,
            company_id=where.company_id,
            min_seniority=where.min_seniority,
        )
        return PersonConnection.from_page(page, checked, after)

    @strawberry.field(description=f"Companies by id; first is 1 to {paging.MAX_FIRST}.")
    async def companies(
        self,
        info: Info,
        first: int = paging.DEFAULT_FIRST,
        after: str | None = None,
        filter: inputs.CompaniesFilter | None = None,
    ) -> CompanyConnection:
        where = filter or inputs.CompaniesFilter()
        page, checked = await people.list_companies(
            info.context.store,
            first=first,
            after=after,
            name_contains=where.name_contains,
            industry=where.industry,
        )
        return CompanyConnection.from_page(page, checked, after)

    @strawberry.field(
        description="Paths from a candidate to one person, or to a company's decision-makers. "
        "Ranges: maxHops 1-6, first 1-50, perTarget 1-10, minStrength 0-1."
    )
    async def introduction_paths(
        self,
        info: Info,
        from_id: strawberry.ID,
        target: PathTarget,
        max_hops: int = 3,
        first: int = 5,
        per_target: int = 1,
        order_by: PathOrderEnum = PathOrder.SHORTEST,  # type: ignore[valid-type]
        min_strength: float = 0.0,
        exclude_ids: list[strawberry.ID] | None = None,
    ) -> list[IntroductionPathType]:
        found = await paths.introduction_paths(
            info.context.store,
            from_id=from_id,
            target_person_id=target.person_id,
            target_company_id=target.company_id,
            min_seniority=target.min_seniority,
            functions=target.functions,
            max_hops=max_hops,
            first=first,
            per_target=per_target,
            order=order_by,
            min_strength=min_strength,
            exclude_ids=exclude_ids or [],
        )
        prime_people(info, found)
        return [IntroductionPathType.from_domain(p, target.company_id) for p in found]

    @strawberry.field(
        description="The most senior person at the company within reach (by default not in HR), with "
        "the strongest path: the first MOST_SENIOR answer, or null."
    )
    async def most_senior_reachable(
        self,
        info: Info,
        from_id: strawberry.ID,
        company_id: strawberry.ID,
        max_hops: int = 3,
        min_strength: float = 0.0,
        exclude_ids: list[strawberry.ID] | None = None,
        functions: list[Function] | None = None,  # type: ignore[valid-type]
    ) -> IntroductionPathType | None:
        found = await paths.most_senior_reachable(
            info.context.store,
            from_id=from_id,
            company_id=company_id,
            max_hops=max_hops,
            min_strength=min_strength,
            exclude_ids=exclude_ids or [],
            functions=functions,
        )
        if found is None:
            return None
        prime_people(info, [found])
        return IntroductionPathType.from_domain(found, company_id)

    @strawberry.field(
        description=f"Every write with its principal and time, oldest first; ADMIN only. first is 1 to {paging.MAX_FIRST}."
    )
    async def audit_log(
        self,
        info: Info,
        first: int = paging.DEFAULT_FIRST,
        after: str | None = None,
        filter: AuditLogFilter | None = None,
    ) -> AuditEntryConnection:
        given = filter or AuditLogFilter()
        page = await access.audit_log(
            info.context.store,
            info.context.principal,
            first=first,
            after=after,
            where=AuditFilter(principal=given.principal, operation=given.operation),
        )
        return AuditEntryConnection.from_page(page, after)
