// find_tags_as_of: the tags each customer held at a moment: current assignments made before
// it, and past ones that spanned it.
// $ids: list of customer ids; $at: datetime; $visibleCategoryIds: list of ids, or null for all
UNWIND $ids AS customerId
MATCH (c:Customer {id: customerId})
CALL (c) {
  MATCH (c)-[r:TAGGED]->(t:Tag)
  WHERE r.since <= $at
  RETURN t
  UNION
  MATCH (c)-[r:WAS_TAGGED]->(t:Tag)
  WHERE r.since <= $at AND r.until > $at
  RETURN t
}
MATCH (t)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
RETURN customerId,
       t {.*, categoryId: cat.id, parentId: head([(t)-[:CHILD_OF]->(p:Tag) | p.id])} AS tag
ORDER BY customerId, cat.id, t.normalizedName
