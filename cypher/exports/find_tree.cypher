// find_tree: the categories the viewer may see (or one of them) with every tag of each, live
// and retired, with its parent: what exports name tags with, and the taxonomy they write.
// $categoryId: one category id, or null for all; $visibleCategoryIds: list of ids, or null for all
MATCH (cat:TagCategory)
WHERE ($categoryId IS NULL OR cat.id = $categoryId)
  AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
RETURN cat {.*} AS category,
       [(t:Tag)-[:IN_CATEGORY]->(cat) |
        t {.*, categoryId: cat.id, parentId: head([(t)-[:CHILD_OF]->(p:Tag) | p.id])}] AS tags
ORDER BY cat.normalizedName, cat.id
