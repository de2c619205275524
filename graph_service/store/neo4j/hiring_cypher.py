"""Cypher for interviews and referrals. Nodes keep their row fields as properties (a referral's
history as a JSON string) and are linked to the people and companies they name."""

from __future__ import annotations

from typing import LiteralString

from graph_service.store.neo4j.cypher import COMPANY_MAP, JOB_MAP, PERSON_MAP
from graph_service.store.neo4j.session import AUDITED

# What a write's checks read (`domain.parties`), in the write's transaction: the people asked for
# (found by the case-folded key of the id asked) with their positions, the company, and the record
# stored under the idempotency key.
PARTIES: LiteralString = (
    "CALL () { UNWIND $asked AS asked MATCH (p:Person {idKey: asked.key}) "
    "RETURN collect({asked: asked.id, person: " + PERSON_MAP + ", jobs: "
    "[(p)-[w:WORKS_AT]->(c:Company) | {personId: p.id, companyId: c.id, job: " + JOB_MAP + "}]}) AS people } "
    "OPTIONAL MATCH (c:Company {idKey: $companyKey}) "
)
INTERVIEW_PARTIES: LiteralString = (
    PARTIES + "OPTIONAL MATCH (stored:Interview {idempotencyKey: $key}) "
    "RETURN people, " + COMPANY_MAP + " AS company, stored {.*} AS stored"
)
REFERRAL_PARTIES: LiteralString = (
    PARTIES + "OPTIONAL MATCH (stored:Referral {idempotencyKey: $key}) "
    "RETURN people, " + COMPANY_MAP + " AS company, stored {.*} AS stored"
)

INTERVIEW_BY_KEY: LiteralString = "MATCH (i:Interview {idempotencyKey: $key}) RETURN i {.*} AS interview"

CREATE_INTERVIEW: LiteralString = (
    """
MATCH (candidate:Person {id: $props.candidateId})
MATCH (interviewer:Person {id: $props.interviewerId})
MATCH (company:Company {id: $props.companyId})
CREATE (i:Interview)
SET i = $props
CREATE (i)-[:CANDIDATE]->(candidate), (i)-[:INTERVIEWER]->(interviewer), (i)-[:AT]->(company)
"""
    + AUDITED
    + "RETURN i.id AS id"
)

# Creates the pair's tie, or warms it: the same rule as `domain.strength.warmed`. Writing `_lock` on
# one end first takes its write lock, so concurrent warmings of a tie read each other's result
# instead of losing one (read-committed isolation would otherwise let both read the old strength).
TOUCH_TIE: LiteralString = """
MATCH (a:Person {id: $tie.a})
MATCH (b:Person {id: $tie.b})
SET a._lock = true
REMOVE a._lock
WITH a, b
MERGE (a)-[k:KNOWS]->(b)
ON CREATE SET k.strength = $tie.strength, k.context = $tie.context, k.since = $tie.since,
              k.lastInteraction = $tie.lastInteraction, k.evidence = $tie.evidence
ON MATCH SET k.strength = round(k.strength + (1 - k.strength) * $warmth, 4),
             k.lastInteraction = CASE
               WHEN k.lastInteraction IS NULL OR k.lastInteraction < $tie.lastInteraction
               THEN $tie.lastInteraction ELSE k.lastInteraction END
"""

# Taking the interview's write lock first makes concurrent changes read each other's outcome.
LOCK_INTERVIEW: LiteralString = """
MATCH (i:Interview {id: $id})
SET i._lock = true
REMOVE i._lock
RETURN i.outcome AS outcome
"""

REPLACE_INTERVIEW: LiteralString = """
MATCH (i:Interview {id: $props.id})
SET i = $props
"""

# `idKey` finds an id given in any case (see cypher.GET_PEOPLE); other statements match the stored id.
GET_INTERVIEWS: LiteralString = "MATCH (i:Interview) WHERE i.idKey IN $keys RETURN i {.*} AS interview"

# A candidate's interviews, found through their CANDIDATE relationships (a deleted candidate's
# interviews go with them, so the relationship is always there).
INTERVIEWS_OF: LiteralString = (
    "MATCH (p:Person)<-[:CANDIDATE]-(i:Interview) WHERE p.id IN $ids RETURN i {.*} AS interview"
)

REFERRAL_BY_KEY: LiteralString = "MATCH (r:Referral {idempotencyKey: $key}) RETURN r {.*} AS referral"

_CREATE_REFERRAL: LiteralString = (
    """
MATCH (referrer:Person {id: $props.referrerId})
MATCH (candidate:Person {id: $props.candidateId})
MATCH (company:Company {id: $props.companyId})
OPTIONAL MATCH (contact:Person {id: $props.contactId})
WITH referrer, candidate, company, contact
WHERE $props.contactId IS NULL OR contact IS NOT NULL
CREATE (r:Referral)
SET r = $props
CREATE (r)-[:REFERRER]->(referrer), (r)-[:CANDIDATE]->(candidate), (r)-[:TARGET]->(company)
FOREACH (person IN CASE WHEN contact IS NULL THEN [] ELSE [contact] END | CREATE (r)-[:CONTACT]->(person))
"""
    + AUDITED
)


# Taken before a status change reads the referral, so concurrent changes are judged one after another.
LOCK_REFERRAL: LiteralString = (
    "MATCH (r:Referral {idKey: $key}) SET r._lock = true REMOVE r._lock RETURN r {.*} AS referral"
)

CHANGE_STATUS: LiteralString = (
    "MATCH (r:Referral {id: $id}) "
    "SET r.status = $status, r.updatedAt = $updatedAt, r.history = $history"
    + AUDITED
    + "RETURN r {.*} AS referral"
)

GET_REFERRALS: LiteralString = "MATCH (r:Referral) WHERE r.idKey IN $keys RETURN r {.*} AS referral"

REFERRALS_WHERE: LiteralString = """
WHERE ($after IS NULL OR r.id > $after)
  AND ($referrerId IS NULL OR r.referrerId = $referrerId)
  AND ($candidateId IS NULL OR r.candidateId = $candidateId)
  AND ($companyId IS NULL OR r.companyId = $companyId)
  AND ($status IS NULL OR r.status = $status)
  AND ($crossFirm IS NULL OR r.crossFirm = $crossFirm)
  AND ($involving IS NULL OR toLower(r.referrerId) = toLower($involving)
       OR toLower(r.candidateId) = toLower($involving))
"""

LIST_REFERRALS: LiteralString = (
    "MATCH (r:Referral) " + REFERRALS_WHERE + " RETURN r {.*} AS referral ORDER BY r.id LIMIT $limit"
)

FIND_REFERRALS: LiteralString = "MATCH (r:Referral) " + REFERRALS_WHERE + " RETURN r {.*} AS referral"

COUNT_REFERRALS: LiteralString = "MATCH (r:Referral) " + REFERRALS_WHERE + " RETURN count(r) AS n"

# The leaderboard's rows (referrerId and the five counts) ranked: the referrers now at `$minRank`
# or above when it is given (a current position, `$today` from Python), by the measure `$order`
# names, then by referrals made, then by id; `$first` of them.
RANKED: LiteralString = """
WITH referrerId, referrals, crossFirm, introductions, interviews, hires
WHERE $minRank IS NULL OR EXISTS {
  MATCH (p:Person {id: referrerId})-[w:WORKS_AT]->(:Company) WHERE w.endDate IS NULL
    AND (w.startDate IS NULL OR w.startDate <= $today) AND w.rank >= $minRank }
WITH referrerId, referrals, crossFirm, introductions, interviews, hires,
     toFloat(hires) / referrals AS conversion
RETURN referrerId, referrals, crossFirm, introductions, interviews, hires
ORDER BY CASE $order
  WHEN 'REFERRALS' THEN referrals WHEN 'CROSS_FIRM' THEN crossFirm
  WHEN 'INTRODUCTIONS' THEN introductions WHEN 'INTERVIEWS' THEN interviews
  WHEN 'HIRES' THEN hires ELSE conversion END DESC, referrals DESC, referrerId
LIMIT $first
"""

# The leaderboard reads one `(:ReferrerTally)` per referrer (see `tallies`): what `TALLY` last
# counted for them, kept exact by every write that touches a referral or an interview. A referrer
# whose referrals are all gone keeps a tally of zeros, which is never listed.
LEADERBOARD: LiteralString = (
    """
MATCH (t:ReferrerTally) WHERE t.referrals > 0
WITH t.referrerId AS referrerId, t.referrals AS referrals, t.crossFirm AS crossFirm,
     t.introductions AS introductions, t.interviews AS interviews, t.hires AS hires
"""
    + RANKED
)

# Counts one referrer's record from scratch, by the rules of `LEADERBOARD_BY_SCAN`, into their
# tally; for each `referrerId` row, in order. Writing `_lock` on the tally first takes its write
# lock, so two transactions that count the same referrer count one after the other, the second
# seeing what the first committed (read-committed isolation would otherwise let one count stale).
TALLY: LiteralString = """
MERGE (t:ReferrerTally {referrerId: referrerId})
SET t._lock = true
REMOVE t._lock
WITH t
CALL (t) {
  OPTIONAL MATCH (r:Referral {referrerId: t.referrerId})
  CALL (r) {
    OPTIONAL MATCH (i:Interview {candidateId: r.candidateId})
    WHERE i.companyId = r.companyId AND i.date >= substring(r.createdAt, 0, 10)
    RETURN count(i) AS credited, count(CASE WHEN i.outcome = 'HIRED' THEN 1 END) AS hiredInterviews
  }
  RETURN count(r) AS referrals, sum(CASE WHEN r.crossFirm THEN 1 ELSE 0 END) AS crossFirm,
         sum(CASE WHEN r.status IN $reached
                    OR (r.status IN $closed AND any(s IN $introduced WHERE r.history CONTAINS s))
                  THEN 1 ELSE 0 END) AS introductions,
         sum(credited) AS interviews,
         sum(CASE WHEN r.status = 'HIRED' OR hiredInterviews > 0 THEN 1 ELSE 0 END) AS hires
}
SET t.referrals = referrals, t.crossFirm = crossFirm, t.introductions = introductions,
    t.interviews = interviews, t.hires = hires
RETURN count(t) AS tallied
"""

# Locks the people of `$candidateIds` first. A referral written for a candidate and an interview
# of theirs at the same company, written at the same time, would each miss the other (neither is
# committed when the other counts): with the candidate locked by both, the second to take the lock
# counts after the first committed.
LOCK_CANDIDATES: LiteralString = """
CALL () {
  UNWIND $candidateIds AS candidateId
  MATCH (c:Person {id: candidateId})
  SET c._lock = true
  REMOVE c._lock
  RETURN count(c) AS locked
}
"""

# After a write: the tallies of `$referrerIds` and of the referrers of every referral with the
# candidate and company of one of `$pairs` (the interviews written: they may be credited to it).
# Referrers are counted in id order, so that writers lock tallies in one order.
REFRESH_TALLIES: LiteralString = (
    LOCK_CANDIDATES
    + """
CALL () {
  UNWIND $pairs AS pair
  MATCH (r:Referral {candidateId: pair.candidateId}) WHERE r.companyId = pair.companyId
  RETURN collect(r.referrerId) AS found
}
UNWIND $referrerIds + found AS referrerId
WITH DISTINCT referrerId ORDER BY referrerId
"""
    + TALLY
)

# Every referrer with a referral or a tally, counted again (after locking `$candidateIds`): after
# a bulk write, and at connect for a database written before tallies existed.
REFRESH_ALL_TALLIES: LiteralString = (
    LOCK_CANDIDATES
    + """
CALL () { MATCH (r:Referral) RETURN collect(DISTINCT r.referrerId) AS found }
CALL () { MATCH (t:ReferrerTally) RETURN collect(t.referrerId) AS kept }
UNWIND found + kept AS referrerId
WITH DISTINCT referrerId ORDER BY referrerId
"""
    + TALLY
)

# Whether the referrers with referrals and the tallies that count some are not as many: the
# database was written before tallies existed (or by a load that does not count them). Reads the
# referrer index and the tallies only (about 20 ms at 50,000 referrals).
TALLIES_MISSING: LiteralString = """
CALL () { MATCH (r:Referral) WHERE r.referrerId IS NOT NULL RETURN count(DISTINCT r.referrerId) AS referrers }
CALL () { MATCH (t:ReferrerTally) WHERE t.referrals > 0 RETURN count(t) AS tallied }
RETURN referrers <> tallied AS missing
"""

# `domain.leaderboard` over every referral, as one aggregation: the reference the tallies are
# checked against (`Neo4jHiring.referrer_leaderboard_by_scan`). Two kinds of rows: each referral's own counts, and
# for each referral with credited interviews (the candidate's at the target company on or after the
# day it was made; dates are ISO text, `createdAt` UTC) their number and the hire they add when the
# referral is not HIRED itself. Interviews are fewer than referrals, so the join starts from them.
# A referral reached an introduction when its status is one of `$reached` or, closed (`$closed`:
# declined or withdrawn), its history (JSON text) holds one of `$introduced`, each a `"status": "X"`
# as `json.dumps` writes it; a history is a legal walk ending at the status, so the history of
# any other referral need not be read.
LEADERBOARD_BY_SCAN: LiteralString = (
    """
CALL () {
  MATCH (r:Referral)
  RETURN r.referrerId AS referrerId, 1 AS referrals, CASE WHEN r.crossFirm THEN 1 ELSE 0 END AS crossFirm,
         CASE WHEN r.status IN $reached
                OR (r.status IN $closed AND any(s IN $introduced WHERE r.history CONTAINS s))
              THEN 1 ELSE 0 END AS introductions,
         0 AS interviews, CASE WHEN r.status = 'HIRED' THEN 1 ELSE 0 END AS hires
  UNION ALL
  MATCH (i:Interview)
  MATCH (r:Referral {candidateId: i.candidateId}) USING INDEX r:Referral(candidateId)
  WHERE r.companyId = i.companyId AND i.date >= substring(r.createdAt, 0, 10)
  WITH r, count(i) AS interviews, count(CASE WHEN i.outcome = 'HIRED' THEN 1 END) AS hiredInterviews
  RETURN r.referrerId AS referrerId, 0 AS referrals, 0 AS crossFirm, 0 AS introductions, interviews,
         CASE WHEN hiredInterviews > 0 AND r.status <> 'HIRED' THEN 1 ELSE 0 END AS hires
}
WITH referrerId, sum(referrals) AS referrals, sum(crossFirm) AS crossFirm,
     sum(introductions) AS introductions, sum(interviews) AS interviews, sum(hires) AS hires
"""
    + RANKED
)

# An interviewer, referrer or contact may be the former contact of a deleted person: no node.
UPSERT_INTERVIEWS: LiteralString = """
UNWIND $rows AS row
MATCH (candidate:Person {id: row.candidateId})
MATCH (company:Company {id: row.companyId})
OPTIONAL MATCH (interviewer:Person {id: row.interviewerId})
MERGE (i:Interview {idKey: row.idKey})
SET i = row
WITH i, candidate, interviewer, company
OPTIONAL MATCH (i)-[old:CANDIDATE|INTERVIEWER|AT]->()
DELETE old
WITH DISTINCT i, candidate, interviewer, company
CREATE (i)-[:CANDIDATE]->(candidate), (i)-[:AT]->(company)
FOREACH (person IN CASE WHEN interviewer IS NULL THEN [] ELSE [interviewer] END |
  CREATE (i)-[:INTERVIEWER]->(person))
"""

UPSERT_REFERRALS: LiteralString = """
UNWIND $rows AS row
MATCH (candidate:Person {id: row.candidateId})
MATCH (company:Company {id: row.companyId})
OPTIONAL MATCH (referrer:Person {id: row.referrerId})
OPTIONAL MATCH (contact:Person {id: row.contactId})
MERGE (r:Referral {idKey: row.idKey})
SET r = row
WITH r, referrer, candidate, company, contact
OPTIONAL MATCH (r)-[old:REFERRER|CANDIDATE|TARGET|CONTACT]->()
DELETE old
WITH DISTINCT r, referrer, candidate, company, contact
CREATE (r)-[:CANDIDATE]->(candidate), (r)-[:TARGET]->(company)
FOREACH (person IN CASE WHEN referrer IS NULL THEN [] ELSE [referrer] END | CREATE (r)-[:REFERRER]->(person))
FOREACH (person IN CASE WHEN contact IS NULL THEN [] ELSE [contact] END | CREATE (r)-[:CONTACT]->(person))
"""

EXPORT_INTERVIEWS: LiteralString = "MATCH (i:Interview) RETURN i {.*} AS interview ORDER BY i.id"

EXPORT_REFERRALS: LiteralString = "MATCH (r:Referral) RETURN r {.*} AS referral ORDER BY r.id"

# A new referral and its referrer's tally counted again (`tallies`) in one statement: one round
# trip less per logReferral than the create and `REFRESH_TALLIES` one after the other, in the same
# order (the candidate locked first, as `LOCK_CANDIDATES`, then the tally).
CREATE_REFERRAL_TALLIED: LiteralString = (
    _CREATE_REFERRAL
    + """
WITH r, candidate
SET candidate._lock = true
REMOVE candidate._lock
WITH r
CALL (r) {
WITH r.referrerId AS referrerId
"""
    + TALLY
    + """
}
RETURN r.id AS id
"""
)
