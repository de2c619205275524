"""What the services need from a store, as a few role-sized protocols; `Store` is all of them.

Two implementations, `store/memory/` and `store/neo4j/`, whose modules carry matching names
for these roles (`hiring`, `corrections`, `access`). A service that needs one role can
ask for just that protocol.

Writes are whole: a call either stores everything it was given or raises and stores nothing.
Lists cross this boundary, never generators. Lists of pages are ordered by id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol

from graph_service.domain.access import ApiToken, AuditEntry, AuditFilter
from graph_service.domain.hiring import (
    Interview,
    InterviewOutcome,
    Referral,
    ReferralFilter,
    StatusChange,
)
from graph_service.domain.leaderboard import LeaderboardOrder, ReferrerRecord
from graph_service.domain.model import (
    CompaniesFilter,
    Company,
    Employment,
    GraphDocument,
    ImportSummary,
    Page,
    PeopleFilter,
    Person,
    PersonDetail,
    PersonParts,
    Seniority,
    Target,
    Tie,
)
from graph_service.domain.parties import Parties, Wanted
from graph_service.domain.paths import IntroductionPath, PathQuery


class Lifecycle(Protocol):
    """Opening, readiness and closing."""

    async def ping(self) -> None:
        """Raise `ServiceUnavailable` unless the store answers."""

    async def close(self) -> None: ...

    def connections_in_use(self) -> int:
        """Connections to a database server held right now, for the metrics (0 when embedded)."""

    async def prepare(self) -> None:
        """Plan or warm whatever would make the first requests slow; `/readyz` waits for it."""


class Network(Protocol):
    """People, companies, positions and ties: read, written and matched."""

    async def get_people(self, ids: Sequence[str]) -> list[Person | None]: ...

    async def get_companies(self, ids: Sequence[str]) -> list[Company | None]: ...

    async def person_detail(self, person_id: str, parts: PersonParts) -> PersonDetail | None:
        """The person with the parts asked for, in one read (one statement on a server); None when
        unknown. Employments and ties come in the orders of `employments_of` and `ties_of`; the
        companies and the tie's other people by id."""

    async def list_people(self, where: PeopleFilter, *, first: int, after: str | None) -> Page[Person]: ...

    async def count_people(self, where: PeopleFilter) -> int: ...

    async def list_companies(
        self, where: CompaniesFilter, *, first: int, after: str | None
    ) -> Page[Company]: ...

    async def count_companies(self, where: CompaniesFilter) -> int: ...

    async def employments_of(self, person_ids: Sequence[str]) -> list[list[Employment]]:
        """Each person's employments, current first, then by start date, newest first."""

    async def employees_of(self, company_id: str, *, on: date | None) -> list[Employment]:
        """Employments at the company: current ones when `on` is None, else those spanning `on`."""

    async def ties_of(self, person_ids: Sequence[str]) -> list[list[Tie]]:
        """Each person's ties, strongest first, then by the other person's id."""

    async def create_person(self, person: Person) -> Person:
        """`Conflict` when the id or the linkedinUrl is taken."""

    async def replace_person(self, person: Person) -> Person:
        """Overwrite the stored person's fields; `NotFound`, or `Conflict` on a taken linkedinUrl."""

    async def create_company(self, company: Company) -> Company:
        """`Conflict` when the id or the domain is taken."""

    async def put_employment(self, employment: Employment) -> Employment:
        """Insert or overwrite by (person, company, start date); `NotFound` for an unknown end."""

    async def put_tie(self, tie: Tie) -> Tie:
        """Insert or overwrite the pair's one tie; `NotFound` for an unknown person."""

    async def existing_people(self, ids: Sequence[str]) -> set[str]: ...

    async def find_people(self, *, linkedin_urls: Sequence[str], emails: Sequence[str]) -> list[Person]:
        """The people with one of these linkedinUrls (exactly) or emails (in any case), each once."""

    async def existing_companies(self, ids: Sequence[str]) -> set[str]: ...


class Watchlists(Protocol):
    """The companies each person watches."""

    async def targets_of(self, person_ids: Sequence[str]) -> list[list[str]]:
        """Each person's watched company ids, in id order."""

    async def add_target(self, target: Target) -> None:
        """Put the company on the person's watchlist (again is fine); `NotFound` for an unknown id."""

    async def remove_target(self, target: Target) -> None:
        """Take the company off the person's watchlist; absent is fine."""


class Search(Protocol):
    """Path and reach searches over the ties, bounded in work."""

    async def neighbourhood(self, from_id: str, *, max_hops: int, limit: int) -> dict[str, int] | None:
        """Everyone within `max_hops` ties of `from_id` (not them), with their fewest hops; None when
        the search would examine more than `limit` ties."""

    async def introduction_paths(self, query: PathQuery) -> list[IntroductionPath]:
        """The ranked paths of docs/design.md §4, targets in order, each target's paths together.

        The candidate and any person target exist (the service checks). `SearchTooBroad` when the
        search would pass the store's work bound."""


class Documents(Protocol):
    """Whole import documents in, the whole graph out."""

    async def import_document(self, document: GraphDocument) -> ImportSummary:
        """Upsert every row in one transaction; rows must refer to stored or included ids."""

    async def export_document(self) -> GraphDocument: ...


class Hiring(Protocol):
    """Interviews and referrals, with their ties warmed in the same transaction."""

    async def record_interview(
        self, wanted: Wanted, decide: Callable[[Parties], tuple[Interview, Tie | None]]
    ) -> tuple[Interview, bool]:
        """In one transaction: gather the wanted parties (and the interview stored under the key),
        let `decide` judge them (it raises to refuse) and make the interview and its tie, then
        store both, unless the key is used already. `decide` may run more than once.

        With the key already used: the stored interview and False when its fingerprint matches
        the decided one's, else `Conflict`. Otherwise the interview and True."""

    async def change_interview(
        self, changed: Interview, *, expected: InterviewOutcome, tie: Tie | None
    ) -> Interview:
        """Replace the interview's fields if its outcome is still `expected` (else `Conflict`), and
        create `tie` or warm the pair's tie when given, in one transaction. `NotFound` for an
        unknown id."""

    async def get_interviews(self, ids: Sequence[str]) -> list[Interview | None]: ...

    async def interviews_of(self, candidate_ids: Sequence[str]) -> list[list[Interview]]:
        """Each candidate's interviews by date, then id."""

    async def record_referral(
        self, wanted: Wanted, decide: Callable[[Parties], tuple[Referral, None]]
    ) -> tuple[Referral, bool]:
        """As `record_interview`, for referrals."""

    async def change_referral_status(
        self, referral_id: str, decide: Callable[[Referral | None], tuple[StatusChange, Tie | None]]
    ) -> Referral:
        """In one transaction, under the referral's write lock: read it (None when unknown), let
        `decide` judge the change (it raises to refuse), append the change and create or warm
        the tie it returns."""

    async def get_referrals(self, ids: Sequence[str]) -> list[Referral | None]: ...

    async def list_referrals(
        self, where: ReferralFilter, *, first: int, after: str | None
    ) -> Page[Referral]: ...

    async def count_referrals(self, where: ReferralFilter) -> int: ...

    async def find_referrals(self, where: ReferralFilter) -> list[Referral]:
        """Every matching referral, by creation time, then id."""

    async def referrer_leaderboard(
        self, *, order: LeaderboardOrder, first: int, min_seniority: Seniority | None
    ) -> list[ReferrerRecord]:
        """The first `first` referrers by `domain.leaderboard`'s tally and ranking, over every
        referral; with `min_seniority`, only referrers with a current position at or above it."""


class Corrections(Protocol):
    """Deletions and merges, each whole."""

    async def delete_person(self, person_id: str) -> None:
        """Erase the person (node, employments, ties, the interviews and referrals in which they are
        the candidate); in others' interviews and referrals `FORMER_CONTACT` takes their place."""

    async def merge_people(self, keep_id: str, merge_id: str) -> Person:
        """Fold `merge_id` into `keep_id` (see `domain.corrections`); returns the kept person."""

    async def delete_tie(self, a_id: str, b_id: str) -> None: ...

    async def delete_interview(self, interview_id: str) -> None: ...

    async def delete_referral(self, referral_id: str) -> None: ...

    async def delete_company(self, company_id: str) -> None:
        """`Conflict` naming how many positions, current or past, are there."""


class Access(Protocol):
    """API tokens (hashed) and the audit log."""

    async def save_token(self, token: ApiToken) -> None:
        """`Conflict` when a token of that name exists."""

    async def list_tokens(self) -> list[ApiToken]:
        """By name."""

    async def delete_token(self, name: str) -> bool:
        """False when no token has that name."""

    async def token_by_hash(self, token_hash: str) -> ApiToken | None: ...

    async def audit_entries(self, where: AuditFilter, *, first: int, after: str | None) -> Page[AuditEntry]:
        """By id, which orders entries by time. Entries are written with the writes they record
        (`store.audit`), never on their own."""


class Store(Lifecycle, Network, Watchlists, Search, Documents, Hiring, Corrections, Access, Protocol):
    """Everything the services need: the one object the app opens and hands to them."""
