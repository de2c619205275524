"""GraphQL input types. Their values are checked by the services, not here."""

from __future__ import annotations

from datetime import date

import strawberry

from graph_service.api.types import Function, Seniority, TieContext


@strawberry.input
class PeopleFilter:
    name_contains: str | None = None
    company_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only people currently employed there."
    )
    min_seniority: Seniority | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only people with a current position at or above this level."
    )


@strawberry.input
class CompaniesFilter:
    name_contains: str | None = None
    industry: str | None = None


@strawberry.input
class CreatePersonInput:
    id: strawberry.ID | None = strawberry.field(default=None, description="Generated when absent.")
    name: str
    headline: str | None = None
    email: str | None = None
    linkedin_url: str | None = None


@strawberry.input(description="Fields left out stay as they are; a field given as null is cleared.")
class UpdatePersonInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    headline: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    linkedin_url: str | None = strawberry.UNSET


@strawberry.input
class CreateCompanyInput:
    id: strawberry.ID | None = strawberry.field(default=None, description="Generated when absent.")
    name: str
    domain: str | None = None
    industry: str | None = None


@strawberry.input
class AddEmploymentInput:
    person_id: strawberry.ID
    company_id: strawberry.ID
    title: str
    seniority: Seniority | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Read from the title when absent (the position says inferred)."
    )
    function: Function | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Read from the title when absent (the position says inferred)."
    )
    start_date: date | None = None
    end_date: date | None = strawberry.field(default=None, description="Null while current.")


@strawberry.input
class EndEmploymentInput:
    person_id: strawberry.ID
    company_id: strawberry.ID
    end_date: date


@strawberry.input
class ConnectInput:
    a_id: strawberry.ID
    b_id: strawberry.ID
    context: TieContext  # type: ignore[valid-type]
    strength: float | None = strawberry.field(
        default=None, description="In (0, 1]; computed from context and recency when absent."
    )
    since: date | None = None
    last_interaction: date | None = None
    evidence: str | None = None
