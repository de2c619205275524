"""Every Cypher statement the Neo4j store runs. Values are always parameters.

`WORKS_AT.key` identifies an employment (its start date, or "" when unknown) and `rank` is the
seniority's position in ENTRY..OWNER. A `KNOWS` tie is stored once, from the smaller id to the
larger, and matched without direction.
"""

from __future__ import annotations

from typing import LiteralString

PING: LiteralString = "RETURN 1 AS ok"

PERSON_PROJECTION: LiteralString = "{.id, .name, .headline, .email, .linkedinUrl}"
TIE_PROJECTION: LiteralString = "{.strength, .context, .since, .lastInteraction, .evidence}"
PERSON_MAP: LiteralString = "p " + PERSON_PROJECTION
COMPANY_MAP: LiteralString = "c {.id, .name, .domain, .industry}"
JOB_MAP: LiteralString = "w {.title, .seniority, .function, .startDate, .endDate, .inferred}"
TIE_MAP: LiteralString = "k " + TIE_PROJECTION

# `idKey` is `domain.model.id_key(id)`: unique (schema/constraints.cypher), it finds an id given in
# any case; every other statement matches the stored `id`, which the services look up first.
GET_PEOPLE: LiteralString = "MATCH (p:Person) WHERE p.idKey IN $keys RETURN " + PERSON_MAP + " AS person"

GET_COMPANIES: LiteralString = (
    "MATCH (c:Company) WHERE c.idKey IN $keys RETURN " + COMPANY_MAP + " AS company"
)

# One person and, in the same statement, the parts a read asked for (`PersonParts`): a part not
# asked for is filtered out by its parameter before anything is expanded. Dates come as ISO text,
# as rows hold them: the driver then builds no date objects only for them to be formatted again.
JOB_TEXT_MAP: LiteralString = (
    "w {.title, .seniority, .function, .inferred, "
    "startDate: toString(w.startDate), endDate: toString(w.endDate)}"
)
TIE_TEXT_MAP: LiteralString = (
    "k {.strength, .context, .evidence, "
    "since: toString(k.since), lastInteraction: toString(k.lastInteraction)}"
)
DETAIL_JOBS: LiteralString = (
    "COLLECT { MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE $employments RETURN {companyId: c.id, job: "
    + JOB_TEXT_MAP
    + ", company: CASE WHEN $companies THEN "
    + COMPANY_MAP
    + " END} }"
)
DETAIL_TIES: LiteralString = (
    "COLLECT { MATCH (p)-[k:KNOWS]-(o:Person) WHERE $ties RETURN {otherId: o.id, tie: "
    + TIE_TEXT_MAP
    + ", person: CASE WHEN $tiePeople THEN o "
    + PERSON_PROJECTION
    + " END} }"
)
PERSON_DETAIL: LiteralString = (
    "MATCH (p:Person {idKey: $key}) "
    "RETURN " + PERSON_MAP + " AS person, " + DETAIL_JOBS + " AS jobs, " + DETAIL_TIES + " AS ties"
)

# `nameKey` is `domain.names.fold(name)`, written with every person and company and indexed
# (schema/constraints.cypher), so that a name search reads the text index instead of every node.
PEOPLE_CONDITIONS: LiteralString = """($after IS NULL OR p.id > $after)
  AND (($companyId IS NULL AND $minRank IS NULL) OR EXISTS {
        MATCH (p)-[w:WORKS_AT]->(c:Company)
        WHERE w.endDate IS NULL AND (w.startDate IS NULL OR w.startDate <= $today)
          AND ($companyId IS NULL OR c.id = $companyId)
          AND ($minRank IS NULL OR w.rank >= $minRank) })
"""

ALL_PEOPLE: LiteralString = "MATCH (p:Person) WHERE " + PEOPLE_CONDITIONS
NAMED_PEOPLE: LiteralString = (
    "MATCH (p:Person) USING TEXT INDEX p:Person(nameKey) WHERE p.nameKey CONTAINS $name AND "
    + PEOPLE_CONDITIONS
)
PEOPLE_PAGE: LiteralString = " RETURN " + PERSON_MAP + " AS person ORDER BY p.id LIMIT $limit"

LIST_PEOPLE: LiteralString = ALL_PEOPLE + PEOPLE_PAGE
LIST_PEOPLE_NAMED: LiteralString = NAMED_PEOPLE + PEOPLE_PAGE
COUNT_PEOPLE: LiteralString = ALL_PEOPLE + " RETURN count(p) AS n"
COUNT_PEOPLE_NAMED: LiteralString = NAMED_PEOPLE + " RETURN count(p) AS n"

COMPANIES_CONDITIONS: LiteralString = """($after IS NULL OR c.id > $after)
  AND ($industry IS NULL OR toLower(c.industry) = $industry)
"""
ALL_COMPANIES: LiteralString = "MATCH (c:Company) WHERE " + COMPANIES_CONDITIONS
NAMED_COMPANIES: LiteralString = (
    "MATCH (c:Company) USING TEXT INDEX c:Company(nameKey) WHERE c.nameKey CONTAINS $name AND "
    + COMPANIES_CONDITIONS
)
COMPANIES_PAGE: LiteralString = " RETURN " + COMPANY_MAP + " AS company ORDER BY c.id LIMIT $limit"

LIST_COMPANIES: LiteralString = ALL_COMPANIES + COMPANIES_PAGE
LIST_COMPANIES_NAMED: LiteralString = NAMED_COMPANIES + COMPANIES_PAGE
COUNT_COMPANIES: LiteralString = ALL_COMPANIES + " RETURN count(c) AS n"
COUNT_COMPANIES_NAMED: LiteralString = NAMED_COMPANIES + " RETURN count(c) AS n"

# Nodes written before `idKey` existed get theirs at start, before its constraint.
UNKEYED_IDS: LiteralString = """
CALL () { MATCH (p:Person) WHERE p.idKey IS NULL AND p.id IS NOT NULL RETURN 'Person' AS label, p.id AS id
  UNION ALL MATCH (c:Company) WHERE c.idKey IS NULL AND c.id IS NOT NULL RETURN 'Company' AS label, c.id AS id
  UNION ALL MATCH (i:Interview) WHERE i.idKey IS NULL AND i.id IS NOT NULL RETURN 'Interview' AS label, i.id AS id
  UNION ALL MATCH (r:Referral) WHERE r.idKey IS NULL AND r.id IS NOT NULL RETURN 'Referral' AS label, r.id AS id }
RETURN label, id LIMIT $limit
"""
SET_PERSON_ID_KEYS: LiteralString = """
UNWIND $rows AS row MATCH (p:Person {id: row.id}) SET p.idKey = row.idKey
"""
SET_COMPANY_ID_KEYS: LiteralString = """
UNWIND $rows AS row MATCH (c:Company {id: row.id}) SET c.idKey = row.idKey
"""
SET_INTERVIEW_ID_KEYS: LiteralString = """
UNWIND $rows AS row MATCH (i:Interview {id: row.id}) SET i.idKey = row.idKey
"""
SET_REFERRAL_ID_KEYS: LiteralString = """
UNWIND $rows AS row MATCH (r:Referral {id: row.id}) SET r.idKey = row.idKey
"""

# Nodes written before `nameKey` existed get theirs at start (see `Neo4jStore.apply_schema`).
UNFOLDED_NAMES: LiteralString = """
CALL () { MATCH (p:Person) WHERE p.nameKey IS NULL RETURN 'Person' AS label, p.id AS id, p.name AS name
  UNION ALL MATCH (c:Company) WHERE c.nameKey IS NULL RETURN 'Company' AS label, c.id AS id, c.name AS name }
RETURN label, id, name LIMIT $limit
"""
SET_PERSON_NAME_KEYS: LiteralString = """
UNWIND $rows AS row MATCH (p:Person {id: row.id}) SET p.nameKey = row.nameKey
"""
SET_COMPANY_NAME_KEYS: LiteralString = """
UNWIND $rows AS row MATCH (c:Company {id: row.id}) SET c.nameKey = row.nameKey
"""

# Statements that may answer tens of thousands of rows collect them into one record: the driver's
# cost is per record (a LinkedIn import of 30,000 connections reads 30,000 people, jobs and ties).
EMPLOYMENTS_OF: LiteralString = (
    "MATCH (p:Person)-[w:WORKS_AT]->(c:Company) WHERE p.id IN $ids "
    "RETURN collect({personId: p.id, companyId: c.id, job: " + JOB_MAP + "}) AS rows"
)

EMPLOYEES_OF: LiteralString = (
    "MATCH (p:Person)-[w:WORKS_AT]->(c:Company {id: $companyId}) "
    "WHERE ($current = false OR w.endDate IS NULL) "
    "RETURN p.id AS personId, c.id AS companyId, " + JOB_MAP + " AS job"
)

TIES_OF: LiteralString = (
    "MATCH (p:Person)-[k:KNOWS]-(o:Person) WHERE p.id IN $ids "
    "RETURN collect({personId: p.id, otherId: o.id, tie: " + TIE_MAP + "}) AS rows"
)

CREATE_PERSON: LiteralString = "CREATE (p:Person) SET p = $props RETURN p.id AS id"

REPLACE_PERSON: LiteralString = "MATCH (p:Person {idKey: $props.idKey}) SET p = $props RETURN p.id AS id"

CREATE_COMPANY: LiteralString = "CREATE (c:Company) SET c = $props RETURN c.id AS id"

PEOPLE_BY_CONTACT: LiteralString = (
    "CALL () { UNWIND $urls AS url MATCH (p:Person {linkedinUrl: url}) RETURN p "
    "UNION MATCH (p:Person) WHERE p.email IS NOT NULL AND toLower(p.email) IN $emails RETURN p } "
    "RETURN collect(" + PERSON_MAP + ") AS people"
)

EXISTING_PEOPLE: LiteralString = "MATCH (p:Person) WHERE p.idKey IN $keys RETURN collect(p.id) AS ids"

EXISTING_COMPANIES: LiteralString = "MATCH (c:Company) WHERE c.idKey IN $keys RETURN collect(c.id) AS ids"

UPSERT_COMPANIES: LiteralString = """
UNWIND $rows AS row
MERGE (c:Company {idKey: row.idKey})
SET c = row
"""

UPSERT_PEOPLE: LiteralString = """
UNWIND $rows AS row
MERGE (p:Person {idKey: row.idKey})
SET p = row
"""

UPSERT_EMPLOYMENTS: LiteralString = """
UNWIND $rows AS row
MATCH (p:Person {id: row.personId})
MATCH (c:Company {id: row.companyId})
MERGE (p)-[w:WORKS_AT {key: row.key}]->(c)
SET w.title = row.title, w.seniority = row.seniority, w.rank = row.rank, w.function = row.function,
    w.startDate = row.startDate, w.endDate = row.endDate, w.inferred = row.inferred
RETURN count(w) AS n
"""

UPSERT_TIES: LiteralString = """
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[k:KNOWS]->(b)
SET k.strength = row.strength, k.context = row.context, k.since = row.since,
    k.lastInteraction = row.lastInteraction, k.evidence = row.evidence
RETURN count(k) AS n
"""

EXPORT_COMPANIES: LiteralString = "MATCH (c:Company) RETURN " + COMPANY_MAP + " AS company ORDER BY c.id"

EXPORT_PEOPLE: LiteralString = "MATCH (p:Person) RETURN " + PERSON_MAP + " AS person ORDER BY p.id"

EXPORT_EMPLOYMENTS: LiteralString = (
    "MATCH (p:Person)-[w:WORKS_AT]->(c:Company) "
    "RETURN p.id AS personId, c.id AS companyId, " + JOB_MAP + " AS job ORDER BY personId, companyId, w.key"
)

EXPORT_TIES: LiteralString = (
    "MATCH (p:Person)-[k:KNOWS]->(o:Person) "
    "RETURN p.id AS personId, o.id AS otherId, " + TIE_MAP + " AS tie ORDER BY personId, otherId"
)

# the watchlist: (:Person)-[:TARGETS]->(:Company)

ADD_TARGET: LiteralString = """
MATCH (p:Person {id: $personId})
MATCH (c:Company {id: $companyId})
MERGE (p)-[:TARGETS]->(c)
RETURN count(*) AS n
"""

REMOVE_TARGET: LiteralString = (
    "MATCH (:Person {id: $personId})-[t:TARGETS]->(:Company {id: $companyId}) DELETE t"
)

TARGETS_OF: LiteralString = (
    "MATCH (p:Person)-[:TARGETS]->(c:Company) WHERE p.id IN $ids RETURN p.id AS personId, c.id AS companyId"
)

UPSERT_TARGETS: LiteralString = """
UNWIND $rows AS row
MATCH (p:Person {id: row.personId})
MATCH (c:Company {id: row.companyId})
MERGE (p)-[:TARGETS]->(c)
"""

EXPORT_TARGETS: LiteralString = (
    "MATCH (p:Person)-[:TARGETS]->(c:Company) "
    "RETURN p.id AS personId, c.id AS companyId ORDER BY personId, companyId"
)

# one breadth-first level of reach: each neighbour of the frontier, and how many ties lead to it
NEIGHBOURS: LiteralString = """
UNWIND $ids AS id
MATCH (:Person {id: id})-[:KNOWS]-(q:Person)
RETURN q.id AS id, count(*) AS ties
"""
