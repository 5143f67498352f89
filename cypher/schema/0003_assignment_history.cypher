// Migration 0003: assignment history and expiry.
// A current assignment is (:Customer)-[:TAGGED {since, by, source, note, ruleId, expiresAt}]->(:Tag);
// an ended one becomes (:Customer)-[:WAS_TAGGED {since, until, reason, removedBy, ...}]->(:Tag).
// Only assignments with an expiry carry expiresAt, so this index stays small; the sweep uses it.
CREATE INDEX tagged_expires_at IF NOT EXISTS FOR ()-[r:TAGGED]-() ON (r.expiresAt);
