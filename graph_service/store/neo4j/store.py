"""The production store: Neo4j through the official async driver.

One `AsyncDriver` per process. Single statements go through `execute_query` (reads routed to
readers); an import runs as one managed write transaction. Driver errors never leave this
module: constraint violations become `Conflict`, everything else `ServiceUnavailable`.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import date
from typing import Any, LiteralString

import neo4j
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction, Query, RoutingControl

from graph_service.domain import rows
from graph_service.domain.errors import NotFound, SearchTooBroad, ServiceUnavailable
from graph_service.domain.model import (
    CompaniesFilter,
    Company,
    Employment,
    GraphDocument,
    ImportSummary,
    Page,
    PeopleFilter,
    Person,
    Seniority,
    Tie,
    by_recency,
    by_strength,
    tie_pair,
)
from graph_service.domain.paths import (
    IntroductionPath,
    PathQuery,
    path_strength,
    rank_paths,
    too_broad_message,
)
from graph_service.resources import schema_files
from graph_service.settings import Settings
from graph_service.store.neo4j import cypher, hiring_cypher, paths_cypher
from graph_service.store.neo4j.failures import through_contention, translated
from graph_service.store.neo4j.hiring import Neo4jHiring, interview_props, referral_props
from graph_service.store.neo4j.hiring import tie_params as _tie_params

log = logging.getLogger("graph_service.store.neo4j")

IMPORT_BATCH = 10_000
SENIORITY_BY_RANK = {level.rank: level for level in Seniority}
IMPORT_TIMEOUT_SECONDS = 600.0
# An EXPLAIN of a cached plan takes milliseconds (a few tenths on a loaded machine); planning a
# path shape afresh takes from a few tenths to several seconds.
REPLANNED_SECONDS = 0.25
# Retries start 50 ms after a failure and double; none starts past 0.3 s: with Neo4j down (its port
# refusing connections), a request fails after about 0.4 s. A host that drops packets instead
# costs the connect timeout per attempt; a full pool is waited for a little longer.
RETRY_SECONDS = 0.3
FIRST_RETRY_DELAY_SECONDS = 0.05
CONNECT_TIMEOUT_SECONDS = 1.0
ACQUIRE_TIMEOUT_SECONDS = 2.0
# Planning a six-hop shape on a busy machine can take several seconds; it is not a search.
PLAN_TIMEOUT_SECONDS = 120.0


class Neo4jStore(Neo4jHiring):
    def __init__(
        self, driver: neo4j.AsyncDriver, *, database: str, timeout: float, search_timeout: float
    ) -> None:
        self._driver = driver
        self._database = database
        self._timeout = timeout
        self._search_timeout = search_timeout
        # Path statements whose plan Neo4j holds, as far as this process knows (see `prepare`).
        self._planned: set[str] = set()
        self._in_use = 0

    @classmethod
    async def connect(cls, settings: Settings) -> Neo4jStore:
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        driver = AsyncGraphDatabase.driver(
            settings.neo4j_uri,
            auth=auth,
            notifications_min_severity="OFF",
            # While Neo4j is down a request fails within a second (the driver's default is to
            # retry for 30 s): a few quick retries ride out a deadlock or a dropped connection.
            max_transaction_retry_time=RETRY_SECONDS,
            initial_retry_delay=FIRST_RETRY_DELAY_SECONDS,
            connection_acquisition_timeout=ACQUIRE_TIMEOUT_SECONDS,
            connection_timeout=CONNECT_TIMEOUT_SECONDS,
        )
        store = cls(
            driver,
            database=settings.neo4j_database,
            timeout=settings.query_timeout_seconds,
            search_timeout=settings.search_timeout_seconds,
        )
        try:
            # A Neo4j that has just started answers its first statements slowly.
            await store._read_within(PLAN_TIMEOUT_SECONDS, cypher.PING)
            await store.apply_schema()
        except BaseException:
            await driver.close()
            raise
        return store

    async def apply_schema(self) -> None:
        for path in schema_files():
            for statement in schema_statements(path.read_text()):
                async with self._using():
                    await self._driver.execute_query(statement, database_=self._database)

    async def close(self) -> None:
        await self._driver.close()

    async def prepare(self) -> None:
        """Plan every path statement shape, so that no search pays for planning (up to a second
        or more for six hops) inside its time budget. The app reports ready only after this."""
        for query in paths_cypher.shapes():
            await self._plan(*paths_cypher.statement(query))

    async def _plan(self, text: str, params: Mapping[str, Any]) -> float:
        """EXPLAIN one statement (planning it when Neo4j holds no plan); returns the seconds it took."""
        started = time.monotonic()
        async with self._using():
            await self._driver.execute_query(
                Query("EXPLAIN " + text, timeout=PLAN_TIMEOUT_SECONDS),
                dict(params),
                routing_=RoutingControl.READ,
                database_=self._database,
            )
        self._planned.add(text)
        return time.monotonic() - started

    async def run_admin(self, statement: LiteralString) -> None:
        """Run one maintenance statement that returns nothing (clearing data in tests, say)."""
        async with self._using(), self._driver.session(database=self._database) as session:
            result = await session.run(statement)
            await result.consume()

    async def ping(self) -> None:
        await self._read(cypher.PING)

    # reads

    async def get_people(self, ids: Sequence[str]) -> list[Person | None]:
        found = {
            r["person"]["id"]: _person(r["person"])
            for r in await self._read(cypher.GET_PEOPLE, ids=list(ids))
        }
        return [found.get(i) for i in ids]

    async def get_companies(self, ids: Sequence[str]) -> list[Company | None]:
        records = await self._read(cypher.GET_COMPANIES, ids=list(ids))
        found = {r["company"]["id"]: rows.company_from_row(_plain(r["company"])) for r in records}
        return [found.get(i) for i in ids]

    async def existing_people(self, ids: Sequence[str]) -> set[str]:
        (record,) = await self._read(cypher.EXISTING_PEOPLE, ids=list(ids))
        return set(record["ids"])

    async def existing_companies(self, ids: Sequence[str]) -> set[str]:
        (record,) = await self._read(cypher.EXISTING_COMPANIES, ids=list(ids))
        return set(record["ids"])

    async def list_people(self, where: PeopleFilter, *, first: int, after: str | None) -> Page[Person]:
        records = await self._read(cypher.LIST_PEOPLE, **_people_params(where), after=after, limit=first + 1)
        people = [_person(r["person"]) for r in records]
        return Page(people[:first], has_next=len(people) > first)

    async def count_people(self, where: PeopleFilter) -> int:
        (record,) = await self._read(cypher.COUNT_PEOPLE, **_people_params(where), after=None)
        return int(record["n"])

    async def list_companies(self, where: CompaniesFilter, *, first: int, after: str | None) -> Page[Company]:
        records = await self._read(
            cypher.LIST_COMPANIES, **_company_params(where), after=after, limit=first + 1
        )
        companies = [rows.company_from_row(_plain(r["company"])) for r in records]
        return Page(companies[:first], has_next=len(companies) > first)

    async def count_companies(self, where: CompaniesFilter) -> int:
        (record,) = await self._read(cypher.COUNT_COMPANIES, **_company_params(where), after=None)
        return int(record["n"])

    async def employments_of(self, person_ids: Sequence[str]) -> list[list[Employment]]:
        jobs: dict[str, list[Employment]] = {i: [] for i in person_ids}
        for record in await self._read(cypher.EMPLOYMENTS_OF, ids=list(person_ids)):
            jobs[record["personId"]].append(_employment(record))
        return [by_recency(jobs[i]) for i in person_ids]

    async def employees_of(self, company_id: str, *, on: date | None) -> list[Employment]:
        records = await self._read(cypher.EMPLOYEES_OF, companyId=company_id, current=on is None)
        jobs = (_employment(r) for r in records)
        return sorted((e for e in jobs if e.spans(on)), key=lambda e: e.key)

    async def ties_of(self, person_ids: Sequence[str]) -> list[list[Tie]]:
        ties: dict[str, list[Tie]] = {i: [] for i in person_ids}
        for record in await self._read(cypher.TIES_OF, ids=list(person_ids)):
            ties[record["personId"]].append(_tie(record["personId"], record["otherId"], record["tie"]))
        return [by_strength(ties[i], i) for i in person_ids]

    async def export_document(self) -> GraphDocument:
        companies = await self._read(cypher.EXPORT_COMPANIES)
        people = await self._read(cypher.EXPORT_PEOPLE)
        jobs = await self._read(cypher.EXPORT_EMPLOYMENTS)
        ties = await self._read(cypher.EXPORT_TIES)
        interviews = await self.get_interviews_all()
        referrals = await self.get_referrals_all()
        return GraphDocument(
            interviews=interviews,
            referrals=referrals,
            companies=[rows.company_from_row(_plain(r["company"])) for r in companies],
            people=[_person(r["person"]) for r in people],
            employments=sorted((_employment(r) for r in jobs), key=lambda e: e.key),
            ties=[_tie(r["personId"], r["otherId"], r["tie"]) for r in ties],
        )

    async def introduction_paths(self, query: PathQuery) -> list[IntroductionPath]:
        text, params = introduction_paths_statement(query)
        if text not in self._planned:
            await self._plan(text, params)
        try:
            records = await self._search(text, params, query)
        except SearchTooBroad:
            # Neo4j may have lost the plan (a restart this process did not see): when planning
            # now takes real time, the budget went to planning, and the search gets its own.
            if await self._plan(text, params) < REPLANNED_SECONDS:
                raise
            records = await self._search(text, params, query)
        except ServiceUnavailable:
            self._planned.clear()
            raise
        if len(records) > paths_cypher.ROW_LIMIT:
            raise SearchTooBroad(too_broad_message(query))
        ranked = rank_paths([_path(r) for r in records], query)
        return [path for group in ranked for path in group]

    async def _search(self, text: str, params: Mapping[str, Any], query: PathQuery) -> list[neo4j.Record]:
        # An auto-commit query: a search that ran out of time or memory is not retried.
        async with (
            self._using(too_broad=too_broad_message(query)),
            self._driver.session(database=self._database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            result = await session.run(Query(text, timeout=self._search_timeout), params)  # type: ignore[arg-type]
            return [record async for record in result]

    # writes

    async def create_person(self, person: Person) -> Person:
        await self._write(cypher.CREATE_PERSON, props=_props(rows.person_row(person)))
        return person

    async def replace_person(self, person: Person) -> Person:
        if not await self._write(cypher.REPLACE_PERSON, props=_props(rows.person_row(person))):
            raise NotFound(f"no person with id {person.id!r}")
        return person

    async def create_company(self, company: Company) -> Company:
        await self._write(cypher.CREATE_COMPANY, props=_props(rows.company_row(company)))
        return company

    async def put_employment(self, employment: Employment) -> Employment:
        (record,) = await self._write(cypher.UPSERT_EMPLOYMENTS, rows=[_job_params(employment)])
        if record["n"] == 0:
            raise NotFound(f"no person {employment.person_id!r} or no company {employment.company_id!r}")
        return employment

    async def put_tie(self, tie: Tie) -> Tie:
        (record,) = await self._write(cypher.UPSERT_TIES, rows=[_tie_params(tie)])
        if record["n"] == 0:
            raise NotFound(f"no person {tie.a!r} or no person {tie.b!r}")
        return tie

    async def import_document(self, document: GraphDocument) -> ImportSummary:
        batches: list[tuple[LiteralString, list[dict[str, Any]]]] = [
            (cypher.UPSERT_COMPANIES, [_props(rows.company_row(c)) for c in document.companies]),
            (cypher.UPSERT_PEOPLE, [_props(rows.person_row(p)) for p in document.people]),
            (cypher.UPSERT_EMPLOYMENTS, [_job_params(e) for e in document.employments]),
            (cypher.UPSERT_TIES, [_tie_params(t) for t in document.ties]),
            (hiring_cypher.UPSERT_INTERVIEWS, [interview_props(i) for i in document.interviews]),
            (hiring_cypher.UPSERT_REFERRALS, [referral_props(r) for r in document.referrals]),
        ]

        async def work(tx: AsyncManagedTransaction) -> None:
            for statement, items in batches:
                for start in range(0, len(items), IMPORT_BATCH):
                    result = await tx.run(statement, rows=items[start : start + IMPORT_BATCH])
                    await result.consume()

        async with self._using(), self._driver.session(database=self._database) as session:
            await session.execute_write(_timed(work, IMPORT_TIMEOUT_SECONDS))
        return ImportSummary(
            companies=len(document.companies),
            people=len(document.people),
            employments=len(document.employments),
            ties=len(document.ties),
            interviews=len(document.interviews),
            referrals=len(document.referrals),
        )

    # plumbing

    def connections_in_use(self) -> int:
        return self._in_use

    @contextlib.asynccontextmanager
    async def _using(self, *, too_broad: str | None = None) -> AsyncIterator[None]:
        """One statement or transaction on a connection: counted while it runs, errors translated."""
        self._in_use += 1
        try:
            async with translated(too_broad=too_broad):
                yield
        finally:
            self._in_use -= 1

    async def _transaction(self, work: Any) -> Any:
        async def attempt() -> Any:
            async with self._using(), self._driver.session(database=self._database) as session:
                return await session.execute_write(_timed(work, self._timeout))

        return await through_contention(attempt)

    async def _read(self, statement: LiteralString, **params: Any) -> list[neo4j.Record]:
        return await self._read_within(self._timeout, statement, **params)

    async def _read_within(
        self, seconds: float, statement: LiteralString, **params: Any
    ) -> list[neo4j.Record]:
        async with self._using():
            records, _, _ = await self._driver.execute_query(
                Query(statement, timeout=seconds),
                params,
                routing_=RoutingControl.READ,
                database_=self._database,
            )
        return records

    async def _write(self, statement: LiteralString, **params: Any) -> list[neo4j.Record]:
        async def attempt() -> list[neo4j.Record]:
            async with self._using():
                records, _, _ = await self._driver.execute_query(
                    Query(statement, timeout=self._timeout),
                    params,
                    routing_=RoutingControl.WRITE,
                    database_=self._database,
                )
            return records

        result: list[neo4j.Record] = await through_contention(attempt)
        return result


def introduction_paths_statement(query: PathQuery) -> tuple[str, dict[str, Any]]:
    """The one statement, and its parameters, that answers a path query (see `paths_cypher`)."""
    return paths_cypher.statement(query)


def _path(record: neo4j.Record) -> IntroductionPath:
    persons = tuple(_person(values) for values in record["people"])
    people = tuple(p.id for p in persons)
    ties = tuple(_tie(people[i], people[i + 1], values) for i, values in enumerate(record["ties"]))
    rank = record["rank"]
    return IntroductionPath(
        target_id=record["targetId"],
        target_seniority=SENIORITY_BY_RANK[rank] if rank is not None else None,
        people=people,
        ties=ties,
        strength=path_strength(ties),
        persons=persons,
    )


def schema_statements(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if not line.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _timed(work: Any, seconds: float) -> Any:
    return neo4j.unit_of_work(timeout=seconds)(work)


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """Neo4j temporal values to ISO strings, nulls dropped: the row format."""
    return {
        k: (v.iso_format() if isinstance(v, neo4j.time.Date) else v)
        for k, v in values.items()
        if v is not None
    }


def _person(values: Mapping[str, Any]) -> Person:
    return rows.person_from_row(_plain(values))


def _employment(record: neo4j.Record) -> Employment:
    return rows.employment_from_row(
        {**_plain(record["job"]), "personId": record["personId"], "companyId": record["companyId"]}
    )


def _tie(person_id: str, other_id: str, values: Mapping[str, Any]) -> Tie:
    a, b = tie_pair(person_id, other_id)
    return rows.tie_from_row({**_plain(values), "a": a, "b": b})


def _props(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}


def _job_params(job: Employment) -> dict[str, Any]:
    return {
        "personId": job.person_id,
        "companyId": job.company_id,
        "key": job.key[2],
        "title": job.title,
        "seniority": job.seniority.value,
        "rank": job.seniority.rank,
        "function": job.function.value,
        "startDate": job.start_date,
        "endDate": job.end_date,
    }


def _people_params(where: PeopleFilter) -> dict[str, Any]:
    return {
        "name": where.name_contains.lower() if where.name_contains else None,
        "companyId": where.company_id,
        "minRank": where.min_seniority.rank if where.min_seniority else None,
    }


def _company_params(where: CompaniesFilter) -> dict[str, Any]:
    return {
        "name": where.name_contains.lower() if where.name_contains else None,
        "industry": where.industry.lower() if where.industry else None,
    }
