// find_paths_by_ids: for each tag, the tags from its root down to itself.
// $ids: list of tag ids; $visibleCategoryIds: list of category ids, or null for all
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE t.id IN $ids AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
MATCH path = (t)-[:CHILD_OF*0..]->(root:Tag)
WHERE NOT (root)-[:CHILD_OF]->(:Tag)
RETURN t.id AS id,
       [node IN reverse(nodes(path)) |
          node {.*, categoryId: cat.id, parentId: head([(node)-[:CHILD_OF]->(p:Tag) | p.id])}
       ] AS path
