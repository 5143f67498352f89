// count_tags: how many tags `find_tags` pages through.
// $search: normalized substring or null; $categoryId: id or null;
// $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE t.status IN ['ACTIVE', 'DEPRECATED']
  AND ($categoryId IS NULL OR cat.id = $categoryId)
  AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
  AND ($search IS NULL
       OR t.normalizedName CONTAINS $search
       OR any(alias IN coalesce(t.normalizedAliases, []) WHERE alias CONTAINS $search))
RETURN count(t) AS total
