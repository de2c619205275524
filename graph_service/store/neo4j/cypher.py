"""Every Cypher statement the Neo4j store runs. Values are always parameters.

`WORKS_AT.key` identifies an employment (its start date, or "" when unknown) and `rank` is the
seniority's position in ENTRY..OWNER. A `KNOWS` tie is stored once, from the smaller id to the
larger, and matched without direction.
"""

from __future__ import annotations

from typing import LiteralString

PING: LiteralString = "RETURN 1 AS ok"

PERSON_FIELDS: LiteralString = "{.id, .name, .headline, .email, .linkedinUrl}"
TIE_FIELDS: LiteralString = "{.strength, .context, .since, .lastInteraction, .evidence}"
PERSON_MAP: LiteralString = "p " + PERSON_FIELDS
COMPANY_MAP: LiteralString = "c {.id, .name, .domain, .industry}"
JOB_MAP: LiteralString = "w {.title, .seniority, .function, .startDate, .endDate, .inferred}"
TIE_MAP: LiteralString = "k " + TIE_FIELDS

GET_PEOPLE: LiteralString = "MATCH (p:Person) WHERE p.id IN $ids RETURN " + PERSON_MAP + " AS person"

GET_COMPANIES: LiteralString = "MATCH (c:Company) WHERE c.id IN $ids RETURN " + COMPANY_MAP + " AS company"

PEOPLE_WHERE: LiteralString = """
WHERE ($after IS NULL OR p.id > $after)
  AND ($name IS NULL OR toLower(p.name) CONTAINS $name)
  AND (($companyId IS NULL AND $minRank IS NULL) OR EXISTS {
        MATCH (p)-[w:WORKS_AT]->(c:Company)
        WHERE w.endDate IS NULL
          AND ($companyId IS NULL OR c.id = $companyId)
          AND ($minRank IS NULL OR w.rank >= $minRank) })
"""

LIST_PEOPLE: LiteralString = (
    "MATCH (p:Person) " + PEOPLE_WHERE + " RETURN " + PERSON_MAP + " AS person ORDER BY p.id LIMIT $limit"
)

COUNT_PEOPLE: LiteralString = "MATCH (p:Person) " + PEOPLE_WHERE + " RETURN count(p) AS n"

COMPANIES_WHERE: LiteralString = """
WHERE ($after IS NULL OR c.id > $after)
  AND ($name IS NULL OR toLower(c.name) CONTAINS $name)
  AND ($industry IS NULL OR toLower(c.industry) = $industry)
"""

LIST_COMPANIES: LiteralString = (
    "MATCH (c:Company) "
    + COMPANIES_WHERE
    + " RETURN "
    + COMPANY_MAP
    + " AS company ORDER BY c.id LIMIT $limit"
)

COUNT_COMPANIES: LiteralString = "MATCH (c:Company) " + COMPANIES_WHERE + " RETURN count(c) AS n"

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

REPLACE_PERSON: LiteralString = "MATCH (p:Person {id: $props.id}) SET p = $props RETURN p.id AS id"

CREATE_COMPANY: LiteralString = "CREATE (c:Company) SET c = $props RETURN c.id AS id"

PEOPLE_BY_CONTACT: LiteralString = (
    "CALL () { UNWIND $urls AS url MATCH (p:Person {linkedinUrl: url}) RETURN p "
    "UNION MATCH (p:Person) WHERE p.email IS NOT NULL AND toLower(p.email) IN $emails RETURN p } "
    "RETURN collect(" + PERSON_MAP + ") AS people"
)

EXISTING_PEOPLE: LiteralString = "MATCH (p:Person) WHERE p.id IN $ids RETURN collect(p.id) AS ids"

EXISTING_COMPANIES: LiteralString = "MATCH (c:Company) WHERE c.id IN $ids RETURN collect(c.id) AS ids"

UPSERT_COMPANIES: LiteralString = """
UNWIND $rows AS row
MERGE (c:Company {id: row.id})
SET c = row
"""

UPSERT_PEOPLE: LiteralString = """
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
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
