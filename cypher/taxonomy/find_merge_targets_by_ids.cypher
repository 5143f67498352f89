// find_merge_targets_by_ids: for each merged tag among these ids, the tag it was merged into
// (its MERGED_INTO relationship), when the viewer may see that tag.
// $ids: list of tag ids; $visibleCategoryIds: list of category ids, or null for all
MATCH (s:Tag)-[m:MERGED_INTO]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE s.id IN $ids AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
OPTIONAL MATCH (t)-[:CHILD_OF]->(parent:Tag)
RETURN s.id AS id, t {.*, categoryId: cat.id, parentId: parent.id} AS tag
ORDER BY m.at
