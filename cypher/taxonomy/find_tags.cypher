// find_tags: one page of live tags by normalized name, optionally searched and in one category.
// $search: normalized substring or null; $categoryId: id or null;
// $afterName, $afterId: sort keys of the last tag of the previous page, or null;
// $limit: rows to return; $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE t.status IN ['ACTIVE', 'DEPRECATED']
  AND ($categoryId IS NULL OR cat.id = $categoryId)
  AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
  AND ($search IS NULL
       OR t.normalizedName CONTAINS $search
       OR any(alias IN coalesce(t.normalizedAliases, []) WHERE alias CONTAINS $search))
  AND ($afterName IS NULL
       OR t.normalizedName > $afterName
       OR (t.normalizedName = $afterName AND t.id > $afterId))
OPTIONAL MATCH (t)-[:CHILD_OF]->(parent:Tag)
RETURN t {.*, categoryId: cat.id, parentId: parent.id} AS tag
ORDER BY t.normalizedName, t.id
LIMIT $limit
