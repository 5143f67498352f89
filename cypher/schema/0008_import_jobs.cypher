// Migration 0008: import jobs started by upload (issue 13).
// (:ImportJob {id, kind, state, by, fileName, createdAt, updatedAt, rows, created, updated,
//  unchanged, skipped, refused, progress, error, errorsPath, options})
CREATE CONSTRAINT import_job_id IF NOT EXISTS FOR (j:ImportJob) REQUIRE j.id IS UNIQUE;
CREATE INDEX import_job_created_at IF NOT EXISTS FOR (j:ImportJob) ON (j.createdAt);
