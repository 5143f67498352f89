// find_tag_usage_by_ids: for each tag, its direct customers, its distinct customers through
// itself or any descendant, and its last assignment (current TAGGED or past WAS_TAGGED).
// $ids: list of tag ids; $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE t.id IN $ids AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
CALL (t) {
  // Only customers hold assignments: no label check on the other end.
  OPTIONAL MATCH (t)<-[r:TAGGED|WAS_TAGGED]-()
  RETURN max(r.since) AS lastAssignedAt
}
RETURN t.id AS id,
       // The degree of the tag node: no traversal at all.
       COUNT { (t)<-[:TAGGED]-() } AS directCustomers,
       // A leaf's customers are its direct ones; only inner tags need the distinct count.
       CASE
         WHEN EXISTS { (:Tag)-[:CHILD_OF]->(t) }
           THEN COUNT { MATCH (c:Customer)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(t) RETURN DISTINCT c }
         ELSE COUNT { (t)<-[:TAGGED]-() }
       END AS customersWithDescendants,
       lastAssignedAt
