// count_audit_entries: how many audit entries, optionally of one subject or one actor.
// $subjectId: id or null; $by: user or null
MATCH (a:AuditEntry)
WHERE ($subjectId IS NULL OR a.subjectId = $subjectId) AND ($by IS NULL OR a.by = $by)
RETURN count(a) AS total
