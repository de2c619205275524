"""Cypher for correcting the graph: deletions and merges (see `corrections`)."""

from __future__ import annotations

from typing import LiteralString

# Taking the person's write lock first serialises corrections and hiring writes that touch them.
PERSON_RECORDS: LiteralString = """
MATCH (p:Person {id: $id})
SET p._lock = true
REMOVE p._lock
WITH p
CALL (p) {
  OPTIONAL MATCH (p)<-[:CANDIDATE|INTERVIEWER]-(i:Interview)
  RETURN collect(DISTINCT i {.*}) AS interviews
}
CALL (p) {
  OPTIONAL MATCH (p)<-[:REFERRER|CANDIDATE|CONTACT]-(r:Referral)
  RETURN collect(DISTINCT r {.*}) AS referrals
}
RETURN p {.id, .name, .headline, .email, .linkedinUrl} AS person, interviews, referrals
"""

TIES_OF: LiteralString = """
MATCH (p:Person)-[k:KNOWS]-(o:Person) WHERE p.id IN $ids
RETURN p.id AS personId, o.id AS otherId,
       k {.strength, .context, since: toString(k.since), lastInteraction: toString(k.lastInteraction), .evidence}
         AS tie
"""

DELETE_INTERVIEWS: LiteralString = "UNWIND $ids AS id MATCH (i:Interview {id: id}) DETACH DELETE i"

DELETE_REFERRALS: LiteralString = "UNWIND $ids AS id MATCH (r:Referral {id: id}) DETACH DELETE r"

DELETE_PERSON: LiteralString = "MATCH (p:Person {id: $id}) DETACH DELETE p"

# The merged person's positions, moved to the kept person; a position the kept person already
# holds (same company and start) stays as it is.
MOVE_EMPLOYMENTS: LiteralString = """
MATCH (gone:Person {id: $mergeId})-[w:WORKS_AT]->(c:Company)
MATCH (keep:Person {id: $keepId})
MERGE (keep)-[moved:WORKS_AT {key: w.key}]->(c)
ON CREATE SET moved = properties(w)
"""

# The merged person's watchlist, joined to the kept person's.
MOVE_TARGETS: LiteralString = """
MATCH (gone:Person {id: $mergeId})-[:TARGETS]->(c:Company)
MATCH (keep:Person {id: $keepId})
MERGE (keep)-[:TARGETS]->(c)
"""

DELETE_TIE: LiteralString = """
MATCH (:Person {id: $a})-[k:KNOWS]-(:Person {id: $b})
DELETE k
RETURN count(k) AS n
"""

# Each answers who the deleted record counted for (`tallies`), and no row when there was none.
DELETE_INTERVIEW: LiteralString = (
    "MATCH (i:Interview {id: $id}) WITH i, i.candidateId AS candidateId, i.companyId AS companyId "
    "DETACH DELETE i RETURN candidateId, companyId"
)

DELETE_REFERRAL: LiteralString = (
    "MATCH (r:Referral {id: $id}) WITH r, r.referrerId AS referrerId DETACH DELETE r RETURN referrerId"
)

COMPANY_POSITIONS: LiteralString = """
MATCH (c:Company {id: $id})
SET c._lock = true
REMOVE c._lock
RETURN COUNT { (:Person)-[:WORKS_AT]->(c) } AS positions
"""

# Answers the referrers and candidates of the interviews and referrals that went with it.
DELETE_COMPANY: LiteralString = """
MATCH (c:Company {id: $id})
OPTIONAL MATCH (c)<-[:AT|TARGET]-(record)
WITH c, record, record.referrerId AS referrerId, record.candidateId AS candidateId
DETACH DELETE record
WITH c, collect(referrerId) AS referrerIds, collect(candidateId) AS candidateIds
DETACH DELETE c
RETURN referrerIds, candidateIds
"""
