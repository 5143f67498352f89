// find_tree_nodes: every node of the three trees (tags, industries, regions) with its parent,
// for the in-memory index. Tags carry their category, its exclusivity and their status.
// Parameters: none.
CALL () {
  MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
  RETURN 'TAG' AS kind, t.id AS key, t.name AS name,
         head([(t)-[:CHILD_OF]->(p:Tag) | p.id]) AS parentKey,
         cat.id AS categoryId, coalesce(cat.exclusive, false) AS exclusive,
         coalesce(t.status, 'ACTIVE') AS status
  UNION ALL
  MATCH (i:Industry)
  RETURN 'INDUSTRY' AS kind, i.code AS key, i.name AS name,
         head([(i)-[:CHILD_OF]->(p:Industry) | p.code]) AS parentKey,
         null AS categoryId, false AS exclusive, 'ACTIVE' AS status
  UNION ALL
  MATCH (r:Region)
  RETURN 'REGION' AS kind, r.code AS key, r.name AS name,
         head([(r)-[:CHILD_OF]->(p:Region) | p.code]) AS parentKey,
         null AS categoryId, false AS exclusive, 'ACTIVE' AS status
}
RETURN kind, key, name, parentKey, categoryId, exclusive, status
