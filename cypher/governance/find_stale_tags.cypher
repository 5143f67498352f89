// find_stale_tags: live tags with no assignment (current or past) since $cutoff, or none ever;
// never-assigned first, then the oldest last assignment, then by name.
// $cutoff: datetime; $limit: rows to return;
// $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE coalesce(t.status, 'ACTIVE') IN ['ACTIVE', 'DEPRECATED']
  AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
  // Stops at the first recent assignment, so a busy tag costs a few steps, not its degree
  // (new relationships come first in a node's chains).
  AND NOT EXISTS { (t)<-[r:TAGGED|WAS_TAGGED]-() WHERE r.since >= $cutoff }
CALL (t) {
  OPTIONAL MATCH (t)<-[r:TAGGED|WAS_TAGGED]-(:Customer)
  RETURN max(r.since) AS lastAssignedAt
}
RETURN t.id AS id, cat.id AS categoryId, COUNT { (t)<-[:TAGGED]-() } AS directCustomers,
       lastAssignedAt
ORDER BY lastAssignedAt IS NOT NULL, lastAssignedAt, t.normalizedName, t.id
LIMIT $limit
