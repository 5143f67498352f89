// find_import_jobs: import jobs, newest first: one by id ($id), or the latest ones; a viewer
// who is not $allUsers sees only the jobs it started.
// $id: job id or null; $by: the viewer's user id; $allUsers: bool; $limit: int
MATCH (j:ImportJob)
WHERE ($id IS NULL OR j.id = $id) AND ($allUsers OR j.by = $by)
RETURN j {.*} AS job
ORDER BY j.createdAt DESC, j.id DESC
LIMIT $limit
