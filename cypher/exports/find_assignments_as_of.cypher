// find_assignments_as_of: the assignments these customers held at $at, with provenance: the
// current ones made by then and the past ones spanning it, in categories the viewer may see.
// $ids: list of customer ids; $at: datetime; $visibleCategoryIds: list of ids, or null for all
UNWIND $ids AS customerId
MATCH (:Customer {id: customerId})-[r:TAGGED|WAS_TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
  AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
RETURN customerId, t.id AS tagId, r.source AS source, r.by AS by, r.since AS since,
       r.note AS note, r.expiresAt AS expiresAt
ORDER BY customerId, tagId
