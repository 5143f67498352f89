// find_tags_by_customer_ids: the tags each customer holds directly, in visible categories.
// $ids: list of customer ids; $visibleCategoryIds: list of category ids, or null for all
UNWIND $ids AS customerId
MATCH (:Customer {id: customerId})-[:TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
OPTIONAL MATCH (t)-[:CHILD_OF]->(parent:Tag)
RETURN customerId, t {.*, categoryId: cat.id, parentId: parent.id} AS tag
ORDER BY customerId, cat.id, t.normalizedName
