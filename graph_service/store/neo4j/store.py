"""The production store: Neo4j through the official async driver.

One `AsyncDriver` per process. Single statements go through `execute_query` (reads routed to
readers); an import runs as one managed write transaction. Every driver call passes through
`_using`, where `failures.translated` turns driver errors into the service's error tree
(constraint violations into `Conflict`, timeouts of searches into `SearchTooBroad`, the rest into
`ServiceUnavailable`), so none reaches a service.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, LiteralString, TypeVar

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
    PersonDetail,
    PersonParts,
    Seniority,
    Tie,
    TieContext,
    by_recency,
    by_strength,
    id_key,
    tie_pair,
)
from graph_service.domain.names import fold
from graph_service.domain.paths import (
    IntroductionPath,
    PathQuery,
    path_strength,
    rank_paths,
    too_broad_message,
)
from graph_service.resources import schema_files
from graph_service.settings import Settings
from graph_service.store import audit
from graph_service.store.neo4j import cypher, hiring_cypher, paths_cypher, tallies
from graph_service.store.neo4j.access import Neo4jAccess
from graph_service.store.neo4j.corrections import Neo4jCorrections
from graph_service.store.neo4j.hiring import Neo4jHiring, interview_props, referral_props
from graph_service.store.neo4j.hiring import tie_params as _tie_params
from graph_service.store.neo4j.session import APPEND_AUDIT, audit_params, detached, timed
from graph_service.store.neo4j.session import plain as _plain
from graph_service.store.neo4j.watchlist import Neo4jWatchlist

log = logging.getLogger("graph_service.store.neo4j")

T = TypeVar("T")
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


class Neo4jStore(Neo4jWatchlist, Neo4jHiring, Neo4jCorrections, Neo4jAccess):
    """The roles' mixins over one `Neo4jSession`; this class adds the network, documents and search."""

    def __init__(
        self, driver: neo4j.AsyncDriver, *, database: str, timeout: float, search_timeout: float
    ) -> None:
        super().__init__(driver, database=database, timeout=timeout, search_timeout=search_timeout)
        # Path statements whose plan Neo4j holds, as far as this process knows (see `prepare`).
        self._planned: set[str] = set()

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
        await self._key_old_ids()
        for path in schema_files():
            for statement in schema_statements(path.read_text()):
                async with self._using():
                    await self._driver.execute_query(statement, database_=self._database)
        await self._fold_old_names()
        await self.tally_old_referrals()

    async def _key_old_ids(self) -> None:
        """Give `idKey` to people, companies, interviews and referrals stored before ids ignored
        case (a database of an earlier version), so that its uniqueness constraint can be created."""
        statements = {
            "Person": cypher.SET_PERSON_ID_KEYS,
            "Company": cypher.SET_COMPANY_ID_KEYS,
            "Interview": cypher.SET_INTERVIEW_ID_KEYS,
            "Referral": cypher.SET_REFERRAL_ID_KEYS,
        }
        while records := await self._read(cypher.UNKEYED_IDS, limit=IMPORT_BATCH):
            keys: dict[str, list[dict[str, str]]] = {label: [] for label in statements}
            for record in records:
                keys[record["label"]].append({"id": record["id"], "idKey": id_key(record["id"])})
            for label, statement in statements.items():
                if keys[label]:
                    await self._write(statement, rows=keys[label])

    async def _fold_old_names(self) -> None:
        """Give `nameKey` to people and companies stored before name search folded names."""
        while records := await self._read(cypher.UNFOLDED_NAMES, limit=IMPORT_BATCH):
            keys: dict[str, list[dict[str, str]]] = {"Person": [], "Company": []}
            for record in records:
                keys[record["label"]].append({"id": record["id"], "nameKey": fold(record["name"] or "")})
            await self._write(cypher.SET_PERSON_NAME_KEYS, rows=keys["Person"])
            await self._write(cypher.SET_COMPANY_NAME_KEYS, rows=keys["Company"])

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
        keys = [id_key(i) for i in ids]
        found = {
            id_key(r["person"]["id"]): _person(r["person"])
            for r in await self._read(cypher.GET_PEOPLE, keys=keys)
        }
        return [found.get(k) for k in keys]

    async def get_companies(self, ids: Sequence[str]) -> list[Company | None]:
        keys = [id_key(i) for i in ids]
        records = await self._read(cypher.GET_COMPANIES, keys=keys)
        found = {id_key(r["company"]["id"]): rows.company_from_row(_plain(r["company"])) for r in records}
        return [found.get(k) for k in keys]

    async def person_detail(self, person_id: str, parts: PersonParts) -> PersonDetail | None:
        records = await self._read_at_once(
            cypher.PERSON_DETAIL,
            key=id_key(person_id),
            employments=parts.employments or parts.companies,
            companies=parts.companies,
            ties=parts.ties or parts.tie_people,
            tiePeople=parts.tie_people,
        )
        if not records:
            return None
        (record,) = records
        person = _person(record["person"])
        jobs = ties = None
        companies: dict[str, Company] = {}
        if parts.employments or parts.companies:
            jobs = by_recency(_employment({**row, "personId": person.id}) for row in record["jobs"])
            if parts.companies:
                for row in record["jobs"]:
                    companies.setdefault(row["companyId"], rows.company_from_row(_plain(row["company"])))
        if parts.ties or parts.tie_people:
            ties = by_strength(
                (_tie(person.id, row["otherId"], row["tie"]) for row in record["ties"]), person.id
            )
        others = [_person(row["person"]) for row in record["ties"]] if parts.tie_people else []
        return PersonDetail(
            person,
            jobs,
            [companies[i] for i in sorted(companies)],
            ties,
            sorted(others, key=lambda p: p.id),
        )

    async def existing_people(self, ids: Sequence[str]) -> set[str]:
        (record,) = await self._read(cypher.EXISTING_PEOPLE, keys=[id_key(i) for i in ids])
        return set(record["ids"])

    async def existing_companies(self, ids: Sequence[str]) -> set[str]:
        (record,) = await self._read(cypher.EXISTING_COMPANIES, keys=[id_key(i) for i in ids])
        return set(record["ids"])

    async def find_people(self, *, linkedin_urls: Sequence[str], emails: Sequence[str]) -> list[Person]:
        wanted = sorted({email.lower() for email in emails})
        (record,) = await self._read(cypher.PEOPLE_BY_CONTACT, urls=list(linkedin_urls), emails=wanted)
        return sorted((_person(values) for values in record["people"]), key=lambda p: p.id)

    async def list_people(self, where: PeopleFilter, *, first: int, after: str | None) -> Page[Person]:
        params = _people_params(where)
        statement = cypher.LIST_PEOPLE if params["name"] is None else cypher.LIST_PEOPLE_NAMED
        records = await self._read(statement, **params, after=after, limit=first + 1)
        people = [_person(r["person"]) for r in records]
        return Page(people[:first], has_next=len(people) > first)

    async def count_people(self, where: PeopleFilter) -> int:
        params = _people_params(where)
        statement = cypher.COUNT_PEOPLE if params["name"] is None else cypher.COUNT_PEOPLE_NAMED
        (record,) = await self._read(statement, **params, after=None)
        return int(record["n"])

    async def list_companies(self, where: CompaniesFilter, *, first: int, after: str | None) -> Page[Company]:
        params = _company_params(where)
        statement = cypher.LIST_COMPANIES if params["name"] is None else cypher.LIST_COMPANIES_NAMED
        records = await self._read(statement, **params, after=after, limit=first + 1)
        companies = [rows.company_from_row(_plain(r["company"])) for r in records]
        return Page(companies[:first], has_next=len(companies) > first)

    async def count_companies(self, where: CompaniesFilter) -> int:
        params = _company_params(where)
        statement = cypher.COUNT_COMPANIES if params["name"] is None else cypher.COUNT_COMPANIES_NAMED
        (record,) = await self._read(statement, **params, after=None)
        return int(record["n"])

    async def employments_of(self, person_ids: Sequence[str]) -> list[list[Employment]]:
        jobs: dict[str, list[Employment]] = {i: [] for i in person_ids}
        (record,) = await self._read(cypher.EMPLOYMENTS_OF, ids=list(person_ids))
        for row in record["rows"]:
            jobs[row["personId"]].append(_employment(row))
        return [by_recency(jobs[i]) for i in person_ids]

    async def employees_of(self, company_id: str, *, on: date | None) -> list[Employment]:
        records = await self._read(cypher.EMPLOYEES_OF, companyId=company_id, current=on is None)
        jobs = (_employment(r) for r in records)
        return sorted((e for e in jobs if e.spans(on)), key=lambda e: e.key)

    async def ties_of(self, person_ids: Sequence[str]) -> list[list[Tie]]:
        ties: dict[str, list[Tie]] = {i: [] for i in person_ids}
        (record,) = await self._read(cypher.TIES_OF, ids=list(person_ids))
        for row in record["rows"]:
            ties[row["personId"]].append(_tie(row["personId"], row["otherId"], row["tie"]))
        return [by_strength(ties[i], i) for i in person_ids]

    async def export_document(self) -> GraphDocument:
        companies = await self._read(cypher.EXPORT_COMPANIES)
        people = await self._read(cypher.EXPORT_PEOPLE)
        jobs = await self._read(cypher.EXPORT_EMPLOYMENTS)
        ties = await self._read(cypher.EXPORT_TIES)
        interviews = await self.get_interviews_all()
        referrals = await self.get_referrals_all()
        targets = await self._read(cypher.EXPORT_TARGETS)
        return GraphDocument(
            targets=[rows.target_from_row(r) for r in targets],
            interviews=interviews,
            referrals=referrals,
            companies=[rows.company_from_row(_plain(r["company"])) for r in companies],
            people=[_person(r["person"]) for r in people],
            employments=sorted((_employment(r) for r in jobs), key=lambda e: e.key),
            ties=[_tie(r["personId"], r["otherId"], r["tie"]) for r in ties],
        )

    async def introduction_paths(self, query: PathQuery) -> list[IntroductionPath]:
        text, params = paths_cypher.statement(query)
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
        # Up to ROW_LIMIT candidates: ranked in a worker thread, so that the event loop (and with
        # it /healthz and cheap requests) is not held for the whole ranking.
        return await asyncio.to_thread(_ranked, records, query)

    async def _search(self, text: str, params: Mapping[str, Any], query: PathQuery) -> list[neo4j.Record]:
        # MOST_SENIOR to a company runs one statement per seniority level, most senior first, until
        # `first` targets are found; the levels share one search timeout.
        levels = paths_cypher.seniority_ranks(query) if paths_cypher.by_seniority(query) else [None]

        async def search() -> list[neo4j.Record]:
            # Auto-commit queries: a search that ran out of time or memory is not retried.
            records: list[neo4j.Record] = []
            deadline = time.monotonic() + self._search_timeout
            async with (
                self._using(too_broad=too_broad_message(query)),
                self._driver.session(
                    database=self._database, default_access_mode=neo4j.READ_ACCESS
                ) as session,
            ):
                for rank in levels:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise SearchTooBroad(too_broad_message(query))
                    values = {**params["q"], "rank": rank}
                    result = await session.run(Query(text, timeout=left), {"q": values})
                    records += [record async for record in result]
                    if rank is not None and len({r["targetId"] for r in records}) >= query.first:
                        break
            return records

        return await detached(search())

    # writes

    async def create_person(self, person: Person) -> Person:
        await self._write(cypher.CREATE_PERSON, props=person_props(person), audit_subject=person.id)
        return person

    async def replace_person(self, person: Person) -> Person:
        if not await self._write(cypher.REPLACE_PERSON, props=person_props(person)):
            raise NotFound(f"no person with id {person.id!r}")
        return person

    async def create_company(self, company: Company) -> Company:
        await self._write(cypher.CREATE_COMPANY, props=company_props(company), audit_subject=company.id)
        return company

    async def put_employment(self, employment: Employment) -> Employment:
        (record,) = await self._write(cypher.UPSERT_EMPLOYMENTS, rows=[job_params(employment)])
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
            (cypher.UPSERT_COMPANIES, [company_props(c) for c in document.companies]),
            (cypher.UPSERT_PEOPLE, [person_props(p) for p in document.people]),
            (cypher.UPSERT_EMPLOYMENTS, [job_params(e) for e in document.employments]),
            (cypher.UPSERT_TIES, [_tie_params(t) for t in document.ties]),
            (hiring_cypher.UPSERT_INTERVIEWS, [interview_props(i) for i in document.interviews]),
            (hiring_cypher.UPSERT_REFERRALS, [referral_props(r) for r in document.referrals]),
            (cypher.UPSERT_TARGETS, [rows.target_row(t) for t in document.targets]),
        ]

        entry = audit.due()

        async def work(tx: AsyncManagedTransaction) -> None:
            for statement, items in batches:
                for start in range(0, len(items), IMPORT_BATCH):
                    result = await tx.run(statement, rows=items[start : start + IMPORT_BATCH])
                    await result.consume()
            if document.interviews or document.referrals:
                # Locked first: an interview or referral written meanwhile sees these (`tallies`).
                candidates = [r.candidate_id for r in document.referrals]
                candidates += [i.candidate_id for i in document.interviews]
                await tallies.refresh_all(tx, candidate_ids=candidates)
            if entry is not None:
                await (await tx.run(APPEND_AUDIT, audit=audit_params(entry))).consume()

        async with self._using(), self._driver.session(database=self._database) as session:
            await session.execute_write(timed(work, IMPORT_TIMEOUT_SECONDS))
        if entry is not None:
            audit.written()
        return ImportSummary(
            companies=len(document.companies),
            people=len(document.people),
            employments=len(document.employments),
            ties=len(document.ties),
            interviews=len(document.interviews),
            referrals=len(document.referrals),
            targets=len(document.targets),
        )


def _ranked(records: list[neo4j.Record], query: PathQuery) -> list[IntroductionPath]:
    """Rank sketches (ids and strengths); only the paths that rank are read in full."""
    sketches = [_sketch(record) for record in records]
    record_of = {id(sketch): record for sketch, record in zip(sketches, records, strict=True)}
    ranked = rank_paths(sketches, query)
    return [_path(record_of[id(sketch)]) for group in ranked for sketch in group]


def _sketch(record: neo4j.Record) -> IntroductionPath:
    """What ranking reads of a candidate path, no more: its people's ids and its ties' strengths
    (a sketch's ties carry no context, dates or evidence; it is never answered)."""
    people = tuple(values["id"] for values in record["people"])
    ties = tuple(
        Tie(*tie_pair(people[i], people[i + 1]), strength=float(values["strength"]), context=TieContext.OTHER)
        for i, values in enumerate(record["ties"])
    )
    rank = record["rank"]
    return IntroductionPath(
        target_id=record["targetId"],
        target_seniority=SENIORITY_BY_RANK[rank] if rank is not None else None,
        people=people,
        ties=ties,
        strength=path_strength(ties),
    )


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


def _person(values: Mapping[str, Any]) -> Person:
    return rows.person_from_row(_plain(values))


def _employment(record: Mapping[str, Any]) -> Employment:
    return rows.employment_from_row(
        {**_plain(record["job"]), "personId": record["personId"], "companyId": record["companyId"]}
    )


def _tie(person_id: str, other_id: str, values: Mapping[str, Any]) -> Tie:
    a, b = tie_pair(person_id, other_id)
    return rows.tie_from_row({**_plain(values), "a": a, "b": b})


def _props(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}


def person_props(person: Person) -> dict[str, Any]:
    """A person's node properties: the row, the key that finds its id in any case, and the folded
    name that name search reads."""
    return _props(rows.person_row(person)) | {"idKey": id_key(person.id), "nameKey": fold(person.name)}


def company_props(company: Company) -> dict[str, Any]:
    return _props(rows.company_row(company)) | {"idKey": id_key(company.id), "nameKey": fold(company.name)}


def job_params(job: Employment) -> dict[str, Any]:
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
        "inferred": job.inferred or None,
    }


def _people_params(where: PeopleFilter) -> dict[str, Any]:
    return {
        "name": fold(where.name_contains) or None if where.name_contains else None,
        "companyId": where.company_id,
        "minRank": where.min_seniority.rank if where.min_seniority else None,
        "today": date.today(),
    }


def _company_params(where: CompaniesFilter) -> dict[str, Any]:
    return {
        "name": fold(where.name_contains) or None if where.name_contains else None,
        "industry": where.industry.lower() if where.industry else None,
    }
