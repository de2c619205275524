"""The graph's entities as frozen values: what both stores read and write."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from graph_service.domain.hiring import Interview, Referral

T = TypeVar("T")


def id_key(value: str) -> str:
    """What makes two ids the same one: ids are compared without regard to case (Python's
    casefold, never Cypher's toLower, so both stores agree) and stored as first given."""
    return value.casefold()


class Seniority(enum.Enum):
    ENTRY = "ENTRY"
    SENIOR = "SENIOR"
    MANAGER = "MANAGER"
    DIRECTOR = "DIRECTOR"
    VP = "VP"
    EXECUTIVE = "EXECUTIVE"
    OWNER = "OWNER"

    @property
    def rank(self) -> int:
        return _SENIORITY_RANK[self]


_SENIORITY_RANK = {level: index for index, level in enumerate(Seniority)}

DECISION_MAKER = Seniority.MANAGER


def highest(levels: Iterable[Seniority | None]) -> Seniority | None:
    """The most senior of the levels given; None when there is none."""
    present = [level for level in levels if level is not None]
    return max(present, key=lambda level: level.rank) if present else None


class Function(enum.Enum):
    HR = "HR"
    ENGINEERING = "ENGINEERING"
    PRODUCT = "PRODUCT"
    SALES = "SALES"
    MARKETING = "MARKETING"
    FINANCE = "FINANCE"
    OPERATIONS = "OPERATIONS"
    LEGAL = "LEGAL"
    OTHER = "OTHER"


class TieContext(enum.Enum):
    COLLEAGUE = "COLLEAGUE"
    INTERVIEW = "INTERVIEW"
    REFERRAL = "REFERRAL"
    LINKEDIN = "LINKEDIN"
    FRIEND = "FRIEND"
    OTHER = "OTHER"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    headline: str | None = None
    email: str | None = None
    linkedin_url: str | None = None


@dataclass(frozen=True)
class Company:
    id: str
    name: str
    domain: str | None = None
    industry: str | None = None


@dataclass(frozen=True)
class Employment:
    """A person's position at a company; identified by person, company and start date."""

    person_id: str
    company_id: str
    title: str
    seniority: Seniority
    function: Function
    start_date: date | None = None
    end_date: date | None = None
    inferred: bool = False
    """Seniority or function was read from the title (domain/titles.py), not given."""

    @property
    def is_open(self) -> bool:
        """No end date: current now, or from its start date when that is ahead. A person holds at
        most one open position per company."""
        return self.end_date is None

    @property
    def is_current(self) -> bool:
        return self.current_on(date.today())

    def current_on(self, today: date) -> bool:
        """Held that day and open: a position that starts later is not current yet."""
        return self.end_date is None and (self.start_date is None or self.start_date <= today)

    @property
    def key(self) -> tuple[str, str, str]:
        return employment_key(self.person_id, self.company_id, self.start_date)

    def spans(self, on: date | None) -> bool:
        """Held on that day; with no day, held now."""
        if on is None:
            return self.is_current
        started = self.start_date is None or self.start_date <= on
        return started and (self.end_date is None or on <= self.end_date)


def employment_key(person_id: str, company_id: str, start_date: date | None) -> tuple[str, str, str]:
    return (person_id, company_id, start_date.isoformat() if start_date else "")


@dataclass(frozen=True)
class Tie:
    """A `KNOWS` tie. One per pair of people; `a` is always the smaller id."""

    a: str
    b: str
    strength: float
    context: TieContext
    since: date | None = None
    last_interaction: date | None = None
    evidence: str | None = None

    def other(self, person_id: str) -> str:
        return self.b if person_id == self.a else self.a


@dataclass(frozen=True)
class Target:
    """A company on a person's watchlist: the firms a candidate is aiming at."""

    person_id: str
    company_id: str


@dataclass(frozen=True)
class PersonParts:
    """What a read of one person asks for besides the person: each part is loaded only when wanted."""

    employments: bool = False
    companies: bool = False  # the company of each employment (implies employments)
    ties: bool = False
    tie_people: bool = False  # the other person of each tie (implies ties)


@dataclass(frozen=True)
class PersonDetail:
    """One person with the parts a read asked for; a part not asked for is None (or empty)."""

    person: Person
    employments: list[Employment] | None = None
    companies: list[Company] = field(default_factory=list)
    ties: list[Tie] | None = None
    tie_people: list[Person] = field(default_factory=list)


def by_recency(jobs: Iterable[Employment]) -> list[Employment]:
    """Current positions first, then newest start first; the order both stores return."""
    return sorted(
        jobs,
        key=lambda e: (
            not e.is_current,
            -(e.start_date.toordinal() if e.start_date else 0),
            e.company_id,
        ),
    )


def by_strength(ties: Iterable[Tie], seen_from: str) -> list[Tie]:
    """Strongest first, then by the other person's id; the order both stores return."""
    return sorted(ties, key=lambda t: (-t.strength, t.other(seen_from)))


def tie_pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


@dataclass(frozen=True)
class PeopleFilter:
    name_contains: str | None = None
    company_id: str | None = None
    min_seniority: Seniority | None = None


@dataclass(frozen=True)
class CompaniesFilter:
    name_contains: str | None = None
    industry: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list ordered by id: the items and whether more follow."""

    items: list[T]
    has_next: bool


@dataclass(frozen=True)
class GraphDocument:
    """The import/export document of docs/design.md §7, validated."""

    companies: list[Company]
    people: list[Person]
    employments: list[Employment]
    ties: list[Tie]
    interviews: list[Interview] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass(frozen=True)
class ImportSummary:
    companies: int
    people: int
    employments: int
    ties: int
    interviews: int = 0
    referrals: int = 0
    targets: int = 0


def held_on(jobs: Iterable[Employment], company_id: str, day: date) -> Employment | None:
    """The most senior of the positions at the company that span the day: who someone was there
    then (an interviewer, a contact, a referrer)."""
    spanning = [e for e in jobs if e.company_id == company_id and e.spans(day)]
    return max(spanning, key=lambda e: e.seniority.rank) if spanning else None
