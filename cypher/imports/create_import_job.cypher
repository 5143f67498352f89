// create_import_job: a queued import job.
// $id, $kind, $by (the principal who uploaded), $fileName, $options (JSON text)
CREATE (j:ImportJob {
  id: $id, kind: $kind, state: 'queued', by: $by, fileName: $fileName, options: $options,
  createdAt: datetime(), updatedAt: datetime(), rows: 0, created: 0, updated: 0,
  unchanged: 0, skipped: 0, refused: 0, progress: 0.0
})
RETURN j {.*} AS job
