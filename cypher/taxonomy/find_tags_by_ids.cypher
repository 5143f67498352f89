// find_tags_by_ids: the tags with these ids, in categories the viewer may see.
// $ids: list of tag ids; $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE t.id IN $ids AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
OPTIONAL MATCH (t)-[:CHILD_OF]->(parent:Tag)
RETURN t {.*, categoryId: cat.id, parentId: parent.id} AS tag
