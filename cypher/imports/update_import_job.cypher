// update_import_job: a job's state, counts and progress as it runs.
// $id; $state: queued | running | done | failed; $counts: map of rows, created, updated,
// unchanged, skipped, refused, assignments; $progress: 0..1; $error: string or null;
// $hasErrorFile: whether the job's error report exists
MATCH (j:ImportJob {id: $id})
SET j += $counts, j.state = $state, j.progress = $progress, j.error = $error,
    j.hasErrorFile = $hasErrorFile, j.updatedAt = datetime()
RETURN j {.*} AS job
