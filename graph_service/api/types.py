"""GraphQL object types, each built from a domain value with `from_domain`."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from typing import Generic, TypeVar

import strawberry

from graph_service.api import person_read
from graph_service.api.context import Context
from graph_service.domain import model
from graph_service.domain.errors import RowProblem
from graph_service.domain.model import CompaniesFilter, PeopleFilter
from graph_service.domain.titles import TitleClass
from graph_service.services import paging, watchlist
from graph_service.services.graph_import import ImportResult

Seniority = strawberry.enum(
    model.Seniority,
    name="Seniority",
    description="ENTRY < SENIOR < MANAGER < DIRECTOR < VP < EXECUTIVE < OWNER",
)
Function = strawberry.enum(model.Function, name="Function")
TieContext = strawberry.enum(model.TieContext, name="TieContext")

Info = strawberry.Info[Context, None]
N = TypeVar("N")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(name="Person")
class PersonType:
    id: strawberry.ID
    name: str
    headline: str | None
    stored_email: strawberry.Private[str | None]
    linkedin_url: str | None

    @classmethod
    def from_domain(cls, person: model.Person) -> PersonType:
        return cls(
            id=strawberry.ID(person.id),
            name=person.name,
            headline=person.headline,
            stored_email=person.email,
            linkedin_url=person.linkedin_url,
        )

    @classmethod
    def known_by_id(cls, person_id: str) -> PersonType:
        """A person of whom only the id is asked for: no lookup (`ties { person { id } }`)."""
        return cls(id=strawberry.ID(person_id), name="", headline=None, stored_email=None, linkedin_url=None)

    @strawberry.field(description="Shown to EDITOR and ADMIN only; null for every other role.")
    def email(self, info: Info) -> str | None:
        return self.stored_email if info.context.principal.sees_emails else None

    @strawberry.field(description="Positions held, current first, then newest first.")
    async def employments(self, info: Info, current_only: bool = False) -> list[EmploymentType]:
        jobs = await info.context.loaders.employments.load(self.id)
        return [EmploymentType.from_domain(e) for e in jobs if e.is_current or not current_only]

    @strawberry.field(description="The most senior current position, if any.")
    async def current_employment(self, info: Info) -> EmploymentType | None:
        jobs = await info.context.loaders.employments.load(self.id)
        current = [e for e in jobs if e.is_current]
        if not current:
            return None
        return EmploymentType.from_domain(max(current, key=lambda e: e.seniority.rank))

    @strawberry.field(description="The highest seniority among current positions.")
    async def seniority(self, info: Info) -> Seniority | None:  # type: ignore[valid-type]
        jobs = await info.context.loaders.employments.load(self.id)
        current = [e.seniority for e in jobs if e.is_current]
        return max(current, key=lambda s: s.rank) if current else None

    @strawberry.field(
        description="The companies on the person's watchlist, by id; empty to anyone but the person, "
        "editors and admins."
    )
    async def target_companies(self, info: Info) -> list[CompanyType]:
        ids = await watchlist.watched_companies(info.context.store, self.id, principal=info.context.principal)
        found = await info.context.loaders.companies.load_many(ids)
        return [CompanyType.from_domain(c) for c in found if c is not None]

    @strawberry.field(description=f"Ties to other people, strongest first; first is 1 to {paging.MAX_FIRST}.")
    async def ties(
        self,
        info: Info,
        first: int = paging.DEFAULT_FIRST,
        after: str | None = None,
        min_strength: float = 0.0,
    ) -> TieConnection:
        ties = await info.context.loaders.ties.load(self.id)
        chosen = [TieType.from_domain(t, self.id) for t in ties if t.strength >= min_strength]
        connection = TieConnection.from_list(chosen, first=first, after=after)
        # The other people of the page, decided once for the page rather than once per tie: only
        # their ids when that is all the selection asks for, else one batched load (the person
        # read has primed it with them).
        page = [edge.node for edge in connection.edges]
        raw = info._raw_info
        if person_read.tie_people_selected(raw.field_nodes, raw.fragments):
            found = await info.context.loaders.people.load_many([t.other_id for t in page])
            for tie, person in zip(page, found, strict=True):
                assert person is not None, "a tie always has both its people"
                tie.known = PersonType.from_domain(person)
        else:
            for tie in page:
                tie.known = PersonType.known_by_id(tie.other_id)
        return connection


@strawberry.type(name="Company")
class CompanyType:
    id: strawberry.ID
    name: str
    domain: str | None
    industry: str | None

    @classmethod
    def from_domain(cls, company: model.Company) -> CompanyType:
        return cls(
            id=strawberry.ID(company.id), name=company.name, domain=company.domain, industry=company.industry
        )

    @strawberry.field(description=f"Current employees, most senior first; first is 1 to {paging.MAX_FIRST}.")
    async def employees(
        self,
        info: Info,
        first: int = paging.DEFAULT_FIRST,
        after: str | None = None,
        min_seniority: Seniority | None = None,  # type: ignore[valid-type]
    ) -> EmploymentConnection:
        jobs = await info.context.store.employees_of(self.id, on=None)
        floor = min_seniority.rank if min_seniority is not None else -1
        chosen = sorted(
            (e for e in jobs if e.seniority.rank >= floor), key=lambda e: (-e.seniority.rank, e.person_id)
        )
        return EmploymentConnection.from_list(
            [EmploymentType.from_domain(e) for e in chosen], first=first, after=after
        )


@strawberry.type(name="Employment")
class EmploymentType:
    person_id: strawberry.Private[str]
    company_id: strawberry.Private[str]
    title: str
    seniority: Seniority  # type: ignore[valid-type]
    function: Function  # type: ignore[valid-type]
    start_date: date | None
    end_date: date | None
    inferred: bool = strawberry.field(
        description="Seniority or function was read from the title (classifyTitle), not given."
    )

    @classmethod
    def from_domain(cls, job: model.Employment) -> EmploymentType:
        return cls(
            person_id=job.person_id,
            company_id=job.company_id,
            title=job.title,
            seniority=job.seniority,
            function=job.function,
            start_date=job.start_date,
            end_date=job.end_date,
            inferred=job.inferred,
        )

    @strawberry.field(
        description="Open (no endDate) and started: one that starts later is current from its start date."
    )
    def current(self) -> bool:
        return self.end_date is None and (self.start_date is None or self.start_date <= date.today())

    @strawberry.field
    async def person(self, info: Info) -> PersonType:
        person = await info.context.loaders.people.load(self.person_id)
        assert person is not None, "an employment always has its person"
        return PersonType.from_domain(person)

    @strawberry.field
    async def company(self, info: Info) -> CompanyType:
        company = await info.context.loaders.companies.load(self.company_id)
        assert company is not None, "an employment always has its company"
        return CompanyType.from_domain(company)


@strawberry.type(name="Tie", description="A KNOWS tie, seen from one of its two people.")
class TieType:
    other_id: strawberry.Private[str]
    strength: float
    context: TieContext  # type: ignore[valid-type]
    since: date | None
    last_interaction: date | None
    evidence: str | None

    @classmethod
    def from_domain(cls, tie: model.Tie, seen_from: str) -> TieType:
        return cls(
            other_id=tie.other(seen_from),
            strength=tie.strength,
            context=tie.context,
            since=tie.since,
            last_interaction=tie.last_interaction,
            evidence=tie.evidence,
        )

    # The other person, when the connection that holds the tie has it already.
    known: strawberry.Private[PersonType | None] = None

    @strawberry.field(description="The other person of the tie.", graphql_type=PersonType)
    def person(self, info: Info) -> PersonType | Awaitable[PersonType]:
        # Not async: a tie of `Person.ties` answers at once, with no task per tie.
        return self.known if self.known is not None else self._load_person(info)

    async def _load_person(self, info: Info) -> PersonType:
        person = await info.context.loaders.people.load(self.other_id)
        assert person is not None, "a tie always has both its people"
        return PersonType.from_domain(person)


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


def page_info(cursors: list[str], has_next: bool, after: str | None) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=after is not None,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


@strawberry.type
class PersonConnection:
    edges: list[Edge[PersonType]]
    page_info: PageInfo
    where: strawberry.Private[PeopleFilter]

    @classmethod
    def from_page(
        cls, page: model.Page[model.Person], where: PeopleFilter, after: str | None
    ) -> PersonConnection:
        edges = [
            Edge(cursor=paging.encode_cursor("person", p.id), node=PersonType.from_domain(p))
            for p in page.items
        ]
        return cls(
            edges=edges, page_info=page_info([e.cursor for e in edges], page.has_next, after), where=where
        )

    @strawberry.field(description="All matches, across pages; computed only when asked for.")
    async def total_count(self, info: Info) -> int:
        return await info.context.store.count_people(self.where)


@strawberry.type
class CompanyConnection:
    edges: list[Edge[CompanyType]]
    page_info: PageInfo
    where: strawberry.Private[CompaniesFilter]

    @classmethod
    def from_page(
        cls, page: model.Page[model.Company], where: CompaniesFilter, after: str | None
    ) -> CompanyConnection:
        edges = [
            Edge(cursor=paging.encode_cursor("company", c.id), node=CompanyType.from_domain(c))
            for c in page.items
        ]
        return cls(
            edges=edges, page_info=page_info([e.cursor for e in edges], page.has_next, after), where=where
        )

    @strawberry.field(description="All matches, across pages; computed only when asked for.")
    async def total_count(self, info: Info) -> int:
        return await info.context.store.count_companies(self.where)


@strawberry.type
class TieConnection:
    edges: list[Edge[TieType]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="All the ties that match, across pages.")

    @classmethod
    def from_list(cls, ties: list[TieType], *, first: int, after: str | None) -> TieConnection:
        page, has_next = paging.slice_after(ties, lambda t: t.other_id, kind="tie", first=first, after=after)
        edges = [Edge(cursor=paging.encode_cursor("tie", t.other_id), node=t) for t in page]
        return cls(
            edges=edges,
            page_info=page_info([e.cursor for e in edges], has_next, after),
            total_count=len(ties),
        )


@strawberry.type
class EmploymentConnection:
    edges: list[Edge[EmploymentType]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="All the positions that match, across pages.")

    @classmethod
    def from_list(cls, jobs: list[EmploymentType], *, first: int, after: str | None) -> EmploymentConnection:
        page, has_next = paging.slice_after(
            jobs, lambda e: f"{e.person_id}|{e.start_date}", kind="employee", first=first, after=after
        )
        edges = [
            Edge(cursor=paging.encode_cursor("employee", f"{e.person_id}|{e.start_date}"), node=e)
            for e in page
        ]
        return cls(
            edges=edges,
            page_info=page_info([e.cursor for e in edges], has_next, after),
            total_count=len(jobs),
        )


@strawberry.type(name="RowProblem", description="A bad row of an import document.")
class RowProblemType:
    position: str
    reason: str

    @classmethod
    def from_domain(cls, problem: RowProblem) -> RowProblemType:
        return cls(position=problem.position, reason=problem.reason)


@strawberry.type(name="ImportResult")
class ImportResultType:
    companies: int
    people: int
    employments: int
    ties: int
    interviews: int
    referrals: int
    targets: int
    skipped: list[RowProblemType]

    @classmethod
    def from_domain(cls, result: ImportResult) -> ImportResultType:
        s = result.summary
        return cls(
            companies=s.companies,
            people=s.people,
            employments=s.employments,
            ties=s.ties,
            interviews=s.interviews,
            referrals=s.referrals,
            targets=s.targets,
            skipped=[RowProblemType.from_domain(p) for p in result.skipped],
        )


@strawberry.type(name="TitleClass", description="How a job title reads: its seniority and function.")
class TitleClassType:
    seniority: Seniority  # type: ignore[valid-type]
    function: Function  # type: ignore[valid-type]
    rule: str = strawberry.field(description="Which rules decided, in words.")

    @classmethod
    def from_domain(cls, reading: TitleClass) -> TitleClassType:
        return cls(seniority=reading.seniority, function=reading.function, rule=reading.rule)
