// find_stale_tags: live tags with no assignment (current or past) since $cutoff, or none ever;
// never-assigned first, then the oldest last assignment, then by name.
// $cutoff: datetime; $limit: rows to return;
// $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE coalesce(t.status, 'ACTIVE') IN ['ACTIVE', 'DEPRECATED']
  AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
  // Stops at the first recent assignment it meets: a busy tag rarely costs its whole degree.
  AND NOT EXISTS { (t)<-[r:TAGGED|WAS_TAGGED]-() WHERE r.since >= $cutoff }
CALL (t) {
  // Only customers hold assignments: no label check on the other end.
  OPTIONAL MATCH (t)<-[r:TAGGED|WAS_TAGGED]-()
  RETURN max(r.since) AS lastAssignedAt
}
RETURN t.id AS id, cat.id AS categoryId, COUNT { (t)<-[:TAGGED]-() } AS directCustomers,
       lastAssignedAt
ORDER BY lastAssignedAt IS NOT NULL, lastAssignedAt, t.normalizedName, t.id
LIMIT $limit
