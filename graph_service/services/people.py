"""People and companies: creating, changing and listing them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from graph_service.domain.errors import NotFound
from graph_service.domain.model import (
    CompaniesFilter,
    Company,
    Page,
    PeopleFilter,
    Person,
    PersonDetail,
    PersonParts,
    Seniority,
)
from graph_service.services import paging
from graph_service.services import validation as check
from graph_service.services.entities import make_company, make_person
from graph_service.store.protocol import Store

UPDATABLE_FIELDS = {"name": "name", "headline": "headline", "email": "email", "linkedinUrl": "linkedin_url"}


async def get_person(store: Store, person_id: str) -> Person:
    (person,) = await store.get_people([person_id])
    if person is None:
        raise NotFound(f"no person with id {person_id!r}")
    return person


async def read_person(store: Store, person_id: str, parts: PersonParts) -> PersonDetail:
    """The person with the parts the request selected, in one read."""
    detail = await store.person_detail(person_id, parts)
    if detail is None:
        raise NotFound(f"no person with id {person_id!r}")
    return detail


async def get_company(store: Store, company_id: str) -> Company:
    (company,) = await store.get_companies([company_id])
    if company is None:
        raise NotFound(f"no company with id {company_id!r}")
    return company


async def stored_person_id(store: Store, person_id: str) -> str:
    """The id as stored when a person has it in any case; else as given (for the store to refuse)."""
    return next(iter(await store.existing_people([person_id])), person_id)


async def stored_company_id(store: Store, company_id: str) -> str:
    """As `stored_person_id`, for companies."""
    return next(iter(await store.existing_companies([company_id])), company_id)


async def create_person(
    store: Store,
    *,
    id: str | None,
    name: str,
    headline: str | None = None,
    email: str | None = None,
    linkedin_url: str | None = None,
) -> Person:
    person = make_person(
        id=check.new_id() if id is None else id,
        name=name,
        headline=headline,
        email=email,
        linkedin_url=linkedin_url,
    )
    return await store.create_person(person)


async def update_person(store: Store, person_id: str, changes: Mapping[str, object]) -> Person:
    """Apply the given fields (GraphQL names); a field given as null is cleared."""
    current = await get_person(store, person_id)
    values: dict[str, object] = dataclasses.asdict(current)
    for field, value in changes.items():
        values[UPDATABLE_FIELDS[field]] = value
    return await store.replace_person(make_person(**values))


async def create_company(
    store: Store,
    *,
    id: str | None,
    name: str,
    domain: str | None = None,
    industry: str | None = None,
) -> Company:
    company = make_company(
        id=check.new_id() if id is None else id, name=name, domain=domain, industry=industry
    )
    return await store.create_company(company)


async def list_people(
    store: Store,
    *,
    first: int,
    after: str | None,
    name_contains: str | None = None,
    company_id: str | None = None,
    min_seniority: Seniority | None = None,
) -> tuple[Page[Person], PeopleFilter]:
    paging.check_first(first)
    where = PeopleFilter(
        name_contains=check.optional_text(name_contains, "nameContains"),
        company_id=company_id,
        min_seniority=min_seniority,
    )
    if company_id is not None:
        where = dataclasses.replace(where, company_id=(await get_company(store, company_id)).id)
    page = await store.list_people(where, first=first, after=paging.decode_cursor("person", after))
    return page, where


async def list_companies(
    store: Store,
    *,
    first: int,
    after: str | None,
    name_contains: str | None = None,
    industry: str | None = None,
) -> tuple[Page[Company], CompaniesFilter]:
    paging.check_first(first)
    where = CompaniesFilter(
        name_contains=check.optional_text(name_contains, "nameContains"),
        industry=check.optional_text(industry, "industry"),
    )
    page = await store.list_companies(where, first=first, after=paging.decode_cursor("company", after))
    return page, where
