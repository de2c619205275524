"""Imports one owner's LinkedIn connections: people, companies, current positions and `LINKEDIN`
ties, matched to what is stored and written in one transaction; importing a newer export again is
how people stay current.

Rules (README, "LinkedIn connections"):
- a connection is the stored person with its profile URL, else the one with its email (when that
  person has no other profile URL), never one with the same name alone; else a new person;
- a company is the stored one whose name has the same `company_key`, else a new company;
- a row with a company and a position makes that the person's current position, its seniority and
  function read from the title (`inferred`); when the person's current position differs, it ends
  on `as_of` and the new one starts that day; the same position again changes nothing;
- the owner–connection tie is `LINKEDIN`, dated `Connected On`; a pair's tie of another kind is
  left as it is; a `LINKEDIN` tie whose connection is missing from the file stays, reported as no
  longer connected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from graph_service.domain.company_names import company_key
from graph_service.domain.errors import BadUserInput
from graph_service.domain.model import (
    CompaniesFilter,
    Company,
    Employment,
    GraphDocument,
    Person,
    Tie,
    TieContext,
    id_key,
)
from graph_service.services import validation as check
from graph_service.services.entities import make_company, make_employment, make_person, make_tie
from graph_service.services.linkedin_file import Connection, RowRefusal, read_connections
from graph_service.services.people import get_person
from graph_service.store.protocol import Store

COMPANY_PAGE = 10_000
Progress = Callable[[str, int, int], None]
"""Told (stage, done, total) as the import goes; the CLI draws it."""


@dataclass
class LinkedInImport:
    """What the import did, or with `dry_run` would do."""

    dry_run: bool
    rows: int = 0
    people_created: int = 0
    people_matched: int = 0
    companies_created: int = 0
    companies_matched: int = 0
    positions_added: int = 0
    positions_ended: int = 0
    positions_unchanged: int = 0
    ties_created: int = 0
    ties_updated: int = 0
    no_longer_connected: list[Person] = field(default_factory=list)
    skipped: list[RowRefusal] = field(default_factory=list)


async def import_linkedin(
    store: Store,
    *,
    owner_id: str,
    content: bytes,
    as_of: date | None = None,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> LinkedInImport:
    """Read the export and apply it; a bad file or an unknown owner changes nothing."""
    day = today or date.today()
    file = read_connections(content)
    owner = await get_person(store, owner_id)
    plan = _Plan(owner, as_of=as_of or day, today=day, result=LinkedInImport(dry_run=dry_run))
    plan.result.skipped.extend(file.refused)
    connections = plan.distinct(file.connections)
    plan.result.rows = len(file.connections) + len(file.refused)
    await plan.gather(store, connections)
    total = len(connections)
    for done, connection in enumerate(connections, start=1):
        try:
            plan.add(connection)
        except BadUserInput as error:
            plan.result.skipped.append(RowRefusal(connection.line, error.message))
        if progress is not None and (done % 1000 == 0 or done == total):
            progress("rows", done, total)
    plan.result.companies_created = len(plan.new_companies)
    await plan.report_missing(store)
    plan.result.skipped.sort(key=lambda refusal: refusal.line)
    if not dry_run and plan.has_writes():
        await store.import_document(plan.document())
    return plan.result


class _Plan:
    """The rows turned into writes, against what the store holds."""

    def __init__(self, owner: Person, *, as_of: date, today: date, result: LinkedInImport) -> None:
        self.owner = owner
        self.as_of = as_of
        self.today = today
        self.result = result
        self.by_url: dict[str, Person] = {}
        self.by_email: dict[str, Person] = {}
        self.stored: dict[str, Person] = {}
        self.taken_person_ids: set[str] = set()
        self.companies: dict[str, Company] = {}
        self.company_ids: set[str] = set()
        self.matched_companies: set[str] = set()
        self.current: dict[str, list[Employment]] = {}
        self.ties: dict[str, Tie] = {}
        self.seen_people: dict[str, int] = {}
        self.people: dict[str, Person] = {}
        self.new_companies: dict[str, Company] = {}
        self.jobs: dict[tuple[str, str, str], Employment] = {}
        self.new_ties: list[Tie] = []

    def distinct(self, connections: Sequence[Connection]) -> list[Connection]:
        """The rows to use: not the owner's own profile, each profile once."""
        own_url = (self.owner.linkedin_url or "").lower().rstrip("/")
        own_email = (self.owner.email or "").lower()
        first_line: dict[str, int] = {}
        kept: list[Connection] = []
        for connection in connections:
            if (connection.url and connection.url == own_url) or (
                connection.email and connection.email == own_email
            ):
                self.result.skipped.append(RowRefusal(connection.line, "is the owner's own profile"))
                continue
            key = connection.url or f"mailto:{connection.email}"
            if key in first_line:
                self.result.skipped.append(
                    RowRefusal(connection.line, f"is the same connection as line {first_line[key]}")
                )
                continue
            first_line[key] = connection.line
            kept.append(connection)
        return kept

    async def gather(self, store: Store, connections: Sequence[Connection]) -> None:
        urls = [c.url for c in connections if c.url]
        emails = [c.email for c in connections if c.email]
        for person in sorted(await store.find_people(linkedin_urls=urls, emails=emails), key=lambda p: p.id):
            if person.linkedin_url:
                self.by_url.setdefault(person.linkedin_url.lower().rstrip("/"), person)
            if person.email:
                self.by_email.setdefault(person.email.lower(), person)
            self.stored[person.id] = person
        slugs = [slug for c in connections if (slug := _profile_slug(c.url))]
        stored_ids = await store.existing_people(slugs) if slugs else set()
        self.taken_person_ids = {id_key(i) for i in stored_ids}
        after: str | None = None
        while True:
            page = await store.list_companies(CompaniesFilter(), first=COMPANY_PAGE, after=after)
            for company in page.items:
                self.companies.setdefault(company_key(company.name), company)
                self.company_ids.add(id_key(company.id))
            if not page.has_next:
                break
            after = page.items[-1].id
        known = sorted(self.stored)
        for person_id, jobs in zip(known, await store.employments_of(known), strict=True):
            # Open positions, also one that starts later: a row replaces them (see `_positions`).
            self.current[person_id] = [job for job in jobs if job.is_open]
        (ties,) = await store.ties_of([self.owner.id])
        self.ties = {tie.other(self.owner.id): tie for tie in ties}

    def add(self, connection: Connection) -> None:
        """Plan one row; `BadUserInput` leaves the plan as it was."""
        person, created = self._person(connection)
        if person.id in self.seen_people:
            raise BadUserInput(f"is the same person as line {self.seen_people[person.id]}")
        jobs = self._positions(person, connection, created)
        tie = self._tie(person, connection)
        company = self._company(connection.company) if connection.company and connection.position else None
        self.seen_people[person.id] = connection.line
        self.result.people_created += created
        self.result.people_matched += not created
        if person != self.stored.get(person.id):
            self.people[person.id] = person
        if company is not None and company.id not in self.new_companies:
            self.matched_companies.add(company.id)
            self.result.companies_matched = len(self.matched_companies)
        for job in jobs:
            self.jobs[job.key] = job
        if tie is not None:
            self.new_ties.append(tie)

    def _person(self, connection: Connection) -> tuple[Person, bool]:
        found = self.by_url.get(connection.url) if connection.url else None
        if found is None and connection.email:
            by_email = self.by_email.get(connection.email)
            if by_email is not None and (by_email.linkedin_url is None or connection.url is None):
                found = by_email
        if found is not None:
            return (
                replace(
                    found,
                    linkedin_url=found.linkedin_url or connection.url,
                    email=found.email or connection.email,
                ),
                False,
            )
        slug = _profile_slug(connection.url)
        person_id = slug if slug and id_key(slug) not in self.taken_person_ids else check.new_id()
        self.taken_person_ids.add(id_key(person_id))
        person = make_person(
            id=person_id, name=connection.name, email=connection.email, linkedin_url=connection.url
        )
        return person, True

    def _company(self, name: str) -> Company:
        key = company_key(name)
        found = self.companies.get(key)
        if found is not None:
            return found
        slug = _slug(key)
        company_id = slug if slug and id_key(slug) not in self.company_ids else check.new_id()
        company = make_company(id=company_id, name=name)
        self.companies[key] = company
        self.company_ids.add(id_key(company_id))
        self.new_companies[company_id] = company
        return company

    def _positions(self, person: Person, connection: Connection, created: bool) -> list[Employment]:
        if not connection.company or not connection.position:
            return []
        key = company_key(connection.company)
        known = self.companies.get(key)
        current = [] if created else self.current.get(person.id, [])
        title = check.required_text(connection.position, "position")
        if known is not None and any(
            job.company_id == known.id and job.title.casefold() == title.casefold() for job in current
        ):
            self.result.positions_unchanged += 1
            return []
        for job in current:
            if job.start_date is not None and job.start_date > self.as_of:
                raise BadUserInput(
                    f"the open position {job.title!r} starts on {job.start_date}, after the as-of date "
                    f"{self.as_of}"
                )
        company = self._company(connection.company)
        ended = [replace(job, end_date=self.as_of) for job in current]
        start = self.as_of if current else None
        added = make_employment(
            person_id=person.id,
            company_id=company.id,
            title=title,
            seniority=None,
            function=None,
            start_date=start,
        )
        kept = [job for job in ended if job.key != added.key]
        self.result.positions_ended += len(kept)
        self.result.positions_added += 1
        return [*kept, added]

    def _tie(self, person: Person, connection: Connection) -> Tie | None:
        existing = self.ties.get(person.id)
        if existing is None:
            self.result.ties_created += 1
            return make_tie(
                a=self.owner.id,
                b=person.id,
                context=TieContext.LINKEDIN,
                today=self.today,
                since=connection.connected_on,
            )
        if existing.context is TieContext.LINKEDIN and existing.since != connection.connected_on:
            self.result.ties_updated += 1
            return replace(existing, since=connection.connected_on)
        return None

    async def report_missing(self, store: Store) -> None:
        missing = sorted(
            other
            for other, tie in self.ties.items()
            if tie.context is TieContext.LINKEDIN and other not in self.seen_people
        )
        found = await store.get_people(missing) if missing else []
        self.result.no_longer_connected = [p for p in found if p is not None]

    def has_writes(self) -> bool:
        return bool(self.people or self.new_companies or self.jobs or self.new_ties)

    def document(self) -> GraphDocument:
        return GraphDocument(
            companies=list(self.new_companies.values()),
            people=list(self.people.values()),
            employments=list(self.jobs.values()),
            ties=self.new_ties,
        )


def _profile_slug(url: str | None) -> str | None:
    """`jane-doe-12ab` of `https://www.linkedin.com/in/jane-doe-12ab`, when it makes a valid id."""
    if not url:
        return None
    tail = url.rsplit("/", 1)[-1]
    return tail if check.ID_PATTERN.fullmatch(tail) else None


def _slug(key: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")[:100]
    return slug if slug and check.ID_PATTERN.fullmatch(slug) else ""
