// find_root_tags_by_category_ids: the top-level tags of each of these categories, by name.
// $ids: list of category ids; $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE cat.id IN $ids
  AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
  AND NOT (t)-[:CHILD_OF]->(:Tag)
  AND t.status IN ['ACTIVE', 'DEPRECATED']
RETURN cat.id AS categoryId, t {.*, categoryId: cat.id, parentId: null} AS tag
ORDER BY t.normalizedName, t.id
