// find_tag_usage_by_ids: for each tag, its direct customers, its distinct customers through
// itself or any descendant, and its last assignment (current TAGGED or past WAS_TAGGED).
// $ids: list of tag ids; $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE t.id IN $ids AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
CALL (t) {
  OPTIONAL MATCH (t)<-[r:TAGGED|WAS_TAGGED]-(:Customer)
  RETURN max(r.since) AS lastAssignedAt
}
RETURN t.id AS id,
       // The degree of the tag node: no traversal at all.
       COUNT { (t)<-[:TAGGED]-() } AS directCustomers,
       COUNT { MATCH (c:Customer)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(t) RETURN DISTINCT c }
         AS customersWithDescendants,
       lastAssignedAt
