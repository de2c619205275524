"""Root query fields: thin resolvers that call one service each."""

from __future__ import annotations

import strawberry

from graph_service.api import inputs
from graph_service.api.types import CompanyConnection, CompanyType, Info, PersonConnection, PersonType
from graph_service.services import paging, people


@strawberry.type
class Query:
    @strawberry.field(description="One person; NOT_FOUND for an unknown id.")
    async def person(self, info: Info, id: strawberry.ID) -> PersonType | None:
        return PersonType.from_domain(await people.get_person(info.context.store, id))

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
