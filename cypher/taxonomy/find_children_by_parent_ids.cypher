// find_children_by_parent_ids: the direct children of each of these tags, by name.
// $ids: list of parent tag ids; $visibleCategoryIds: list of category ids, or null for all
MATCH (child:Tag)-[:CHILD_OF]->(parent:Tag)
WHERE parent.id IN $ids AND child.status IN ['ACTIVE', 'DEPRECATED']
MATCH (child)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
RETURN parent.id AS parentId, child {.*, categoryId: cat.id, parentId: parent.id} AS tag
ORDER BY child.normalizedName, child.id
