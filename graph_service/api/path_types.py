"""GraphQL types of introduction paths."""

from __future__ import annotations

from datetime import date

import strawberry

from graph_service.api.types import CompanyType, Function, Info, PersonType, Seniority, TieContext
from graph_service.domain import model
from graph_service.domain.paths import IntroductionPath, PathOrder

PathOrderEnum = strawberry.enum(
    PathOrder,
    name="PathOrder",
    description="SHORTEST: fewest hops, then strongest. STRONGEST: strongest within maxHops, then "
    "fewest hops. MOST_SENIOR: each target's path as STRONGEST; targets by seniority (most senior "
    "first), then by that path's strength, hops, id.",
)


@strawberry.input(description="Exactly one of personId and companyId.")
class PathTarget:
    person_id: strawberry.ID | None = None
    company_id: strawberry.ID | None = None
    min_seniority: Seniority | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="For a company target: people at or above it (default MANAGER)."
    )
    functions: list[Function] | None = strawberry.field(  # type: ignore[valid-type]
        default=None,
        description="For a company target: people in these functions (default: every function but HR).",
    )


def prime_people(info: Info, paths: list[IntroductionPath]) -> None:
    """Paths that came with their people spare the people loader a round trip."""
    info.context.loaders.people.prime_many({p.id: p for path in paths for p in path.persons})


@strawberry.type(name="PathTargetPerson", description="Who a path reaches, and in what role.")
class PathTargetType:
    person_id: strawberry.Private[str]
    found: strawberry.Private[model.Person]
    company_id: strawberry.Private[str | None]
    seniority: Seniority | None  # type: ignore[valid-type]

    async def _role(self, info: Info) -> model.Employment | None:
        jobs = await info.context.loaders.employments.load(self.person_id)
        wanted = None if self.company_id is None else model.id_key(self.company_id)  # as given: any case
        current = [e for e in jobs if e.is_current and wanted in (None, model.id_key(e.company_id))]
        return max(current, key=lambda e: e.seniority.rank) if current else None

    @strawberry.field
    def person(self) -> PersonType:
        return PersonType.from_domain(self.found)

    @strawberry.field(description="The current title the target holds at the company (or anywhere).")
    async def title(self, info: Info) -> str | None:
        role = await self._role(info)
        return role.title if role else None

    @strawberry.field
    async def company(self, info: Info) -> CompanyType | None:
        role = await self._role(info)
        if role is None:
            return None
        company = await info.context.loaders.companies.load(role.company_id)
        return CompanyType.from_domain(company) if company else None


@strawberry.type(description="One hop of a path: the tie between two people, and why it is warm.")
class PathStep:
    from_person: strawberry.Private[model.Person]
    to_person: strawberry.Private[model.Person]
    strength: float
    context: TieContext  # type: ignore[valid-type]
    since: date | None
    last_interaction: date | None
    evidence: str | None

    @strawberry.field(name="from")
    def from_(self) -> PersonType:
        return PersonType.from_domain(self.from_person)

    @strawberry.field
    def to(self) -> PersonType:
        return PersonType.from_domain(self.to_person)


@strawberry.type(name="IntroductionPath")
class IntroductionPathType:
    target: PathTargetType
    hops: int
    strength: float = strawberry.field(description="The product of the ties' strengths.")
    steps: list[PathStep]
    persons: strawberry.Private[tuple[model.Person, ...]]

    @classmethod
    def from_domain(cls, path: IntroductionPath, company_id: str | None) -> IntroductionPathType:
        assert len(path.persons) == len(path.people), "both stores return a path's people with it"
        steps = [
            PathStep(
                from_person=path.persons[i],
                to_person=path.persons[i + 1],
                strength=tie.strength,
                context=tie.context,
                since=tie.since,
                last_interaction=tie.last_interaction,
                evidence=tie.evidence,
            )
            for i, tie in enumerate(path.ties)
        ]
        target = PathTargetType(
            person_id=path.target_id,
            found=path.persons[-1],
            company_id=company_id,
            seniority=path.target_seniority,
        )
        return cls(target=target, hops=path.hops, strength=path.strength, steps=steps, persons=path.persons)

    @strawberry.field(description="From the candidate to the target, in order.")
    def people(self) -> list[PersonType]:
        return [PersonType.from_domain(person) for person in self.persons]
