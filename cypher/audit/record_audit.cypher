// record_audit: one change to the taxonomy, rules, principals or permissions: who, when, what.
// $id, $by, $action, $subjectKind, $subjectId, $summary
CREATE (:AuditEntry {
  id: $id, at: datetime(), by: $by, action: $action, subjectKind: $subjectKind,
  subjectId: $subjectId, summary: $summary
})
