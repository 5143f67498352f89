// find_tags_for_assignment: the tags about to be assigned or removed, with what decides whether
// they may be: status, whether their category is exclusive, and whether the viewer may tag in it.
// $ids: list of tag ids; $visibleCategoryIds: list of category ids, or null for all;
// $taggableCategoryIds: list of category ids, or null for every visible one
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE t.id IN $ids AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
RETURN t.id AS id, t.name AS name, coalesce(t.status, 'ACTIVE') AS status,
       cat.id AS categoryId, cat.name AS categoryName,
       coalesce(cat.exclusive, false) AS exclusive,
       ($taggableCategoryIds IS NULL OR cat.id IN $taggableCategoryIds) AS taggable
