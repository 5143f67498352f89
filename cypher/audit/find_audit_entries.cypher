// find_audit_entries: a page of audit entries, newest first, optionally of one subject or actor.
// $afterAt: datetime or null; $afterId: id or null (the last entry of the previous page);
// $subjectId: id or null; $by: user or null; $limit: int
MATCH (a:AuditEntry)
WHERE ($subjectId IS NULL OR a.subjectId = $subjectId)
  AND ($by IS NULL OR a.by = $by)
  AND ($afterAt IS NULL OR a.at < $afterAt OR (a.at = $afterAt AND a.id < $afterId))
RETURN a {.*} AS entry
ORDER BY a.at DESC, a.id DESC
LIMIT $limit
