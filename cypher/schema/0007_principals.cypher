// Migration 0007: principals, permissions and the audit trail.
// (:ApiKey {id, name, prefix, hash, createdAt, expiresAt, revokedAt})-[:ACTS_FOR]->(:User);
// (:User)-[:MEMBER_OF]->(:Department)-[:CAN_SEE|CAN_TAG]->(:TagCategory).
CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE;
CREATE CONSTRAINT department_id IF NOT EXISTS FOR (d:Department) REQUIRE d.id IS UNIQUE;
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE;
CREATE CONSTRAINT api_key_hash IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.hash IS UNIQUE;
// (:AuditEntry {id, at, by, action, subjectId, subjectKind, summary}), newest first.
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.id IS UNIQUE;
CREATE INDEX audit_entry_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at);
