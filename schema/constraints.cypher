// Neo4j constraints and indexes. Applied at start and by `graph-service schema apply`;
// every statement is idempotent. One statement per `;`.

CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT person_linkedin_url IF NOT EXISTS FOR (p:Person) REQUIRE p.linkedinUrl IS UNIQUE;
// Ids are unique without regard to case: `idKey` is the id case-folded (in Python).
CREATE CONSTRAINT person_id_key IF NOT EXISTS FOR (p:Person) REQUIRE p.idKey IS UNIQUE;
CREATE CONSTRAINT company_id_key IF NOT EXISTS FOR (c:Company) REQUIRE c.idKey IS UNIQUE;
CREATE CONSTRAINT company_id IF NOT EXISTS FOR (c:Company) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT company_domain IF NOT EXISTS FOR (c:Company) REQUIRE c.domain IS UNIQUE;
CREATE INDEX works_at_end_date IF NOT EXISTS FOR ()-[w:WORKS_AT]-() ON (w.endDate);
// No index on WORKS_AT.key: MERGE of a position locks every indexed entry with its key, and
// positions of unknown start all share the key "" (a LinkedIn import: minutes instead of seconds).
DROP INDEX works_at_key IF EXISTS;
CREATE CONSTRAINT interview_id IF NOT EXISTS FOR (i:Interview) REQUIRE i.id IS UNIQUE;
CREATE CONSTRAINT interview_id_key IF NOT EXISTS FOR (i:Interview) REQUIRE i.idKey IS UNIQUE;
CREATE CONSTRAINT interview_idempotency_key IF NOT EXISTS FOR (i:Interview) REQUIRE i.idempotencyKey IS UNIQUE;
CREATE CONSTRAINT referral_id IF NOT EXISTS FOR (r:Referral) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT referral_id_key IF NOT EXISTS FOR (r:Referral) REQUIRE r.idKey IS UNIQUE;
CREATE CONSTRAINT referral_idempotency_key IF NOT EXISTS FOR (r:Referral) REQUIRE r.idempotencyKey IS UNIQUE;
CREATE INDEX interview_candidate IF NOT EXISTS FOR (i:Interview) ON (i.candidateId);
CREATE INDEX referral_referrer IF NOT EXISTS FOR (r:Referral) ON (r.referrerId);
CREATE INDEX referral_candidate IF NOT EXISTS FOR (r:Referral) ON (r.candidateId);
CREATE TEXT INDEX person_name_key IF NOT EXISTS FOR (p:Person) ON (p.nameKey);
CREATE TEXT INDEX company_name_key IF NOT EXISTS FOR (c:Company) ON (c.nameKey);
CREATE CONSTRAINT api_token_name IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.name IS UNIQUE;
CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.tokenHash IS UNIQUE;
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.id IS UNIQUE;
// One tally per referrer, the leaderboard's counts (see store/neo4j/tallies.py).
CREATE CONSTRAINT referrer_tally_id IF NOT EXISTS FOR (t:ReferrerTally) REQUIRE t.referrerId IS UNIQUE;
