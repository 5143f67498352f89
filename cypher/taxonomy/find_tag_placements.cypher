// find_tag_placements: where each tag sits (category, parent), its names and its status.
// $ids: list of tag ids; $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE t.id IN $ids AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
RETURN t.id AS id, t.name AS name, t.normalizedName AS normalizedName,
       coalesce(t.aliases, []) AS aliases, coalesce(t.normalizedAliases, []) AS normalizedAliases,
       t.status AS status, cat.id AS categoryId, coalesce(cat.exclusive, false) AS exclusive,
       head([(t)-[:CHILD_OF]->(p:Tag) | p.id]) AS parentId
