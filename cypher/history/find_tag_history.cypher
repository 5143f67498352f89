// find_tag_history: one page of a customer's tag events, newest first. A current assignment
// (TAGGED) gives an ADDED event; a past one (WAS_TAGGED) gives ADDED and REMOVED events.
// $customerId: customer id; $visibleCategoryIds: list of category ids, or null for all;
// $afterAt, $afterAction, $afterTagId: sort keys of the last event of the previous page,
// or null; $limit: rows to return
MATCH (c:Customer {id: $customerId})
CALL (c) {
  MATCH (c)-[r:TAGGED]->(t:Tag)
  RETURN r.since AS at, 'ADDED' AS action, t, r.by AS by, r.source AS source,
         null AS reason, r.note AS note, r.ruleId AS ruleId
  UNION ALL
  MATCH (c)-[r:WAS_TAGGED]->(t:Tag)
  RETURN r.since AS at, 'ADDED' AS action, t, r.by AS by, r.source AS source,
         null AS reason, r.note AS note, r.ruleId AS ruleId
  UNION ALL
  MATCH (c)-[r:WAS_TAGGED]->(t:Tag)
  RETURN r.until AS at, 'REMOVED' AS action, t, r.removedBy AS by, r.removedSource AS source,
         r.reason AS reason, null AS note, r.ruleId AS ruleId
}
MATCH (t)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
  AND ($afterAt IS NULL
       OR at < $afterAt
       OR (at = $afterAt AND (action > $afterAction
                              OR (action = $afterAction AND t.id > $afterTagId))))
RETURN at, action, by, source, reason, note, ruleId,
       t {.*, categoryId: cat.id, parentId: head([(t)-[:CHILD_OF]->(p:Tag) | p.id])} AS tag
ORDER BY at DESC, action ASC, t.id ASC
LIMIT $limit
