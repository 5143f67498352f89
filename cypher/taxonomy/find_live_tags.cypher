// find_live_tags: every live tag (ACTIVE or DEPRECATED) the viewer may see, with what duplicate
// detection compares: names and aliases, place in the taxonomy, direct holders, and the tags it
// was marked distinct from.
// $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE coalesce(t.status, 'ACTIVE') IN ['ACTIVE', 'DEPRECATED']
  AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
RETURN t.id AS id, t.name AS name, t.normalizedName AS normalizedName,
       coalesce(t.aliases, []) AS aliases,
       cat.id AS categoryId, coalesce(cat.exclusive, false) AS exclusive,
       [(t)-[:CHILD_OF*1..]->(ancestor:Tag) | ancestor.id] AS ancestorIds,
       // The degree of the tag node: no traversal at all.
       COUNT { (t)<-[:TAGGED]-() } AS customers,
       [(t)-[:DISTINCT_FROM]-(other:Tag) | other.id] AS distinctFromIds
ORDER BY t.id
