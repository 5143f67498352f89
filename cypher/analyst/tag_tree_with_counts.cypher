// tag_tree_with_counts: every live tag of a category (retired ones, MERGED or DELETED, are out
// of the tree) with its depth, full path, status and direct customers.
// $categoryName: e.g. '行为轨迹'
// In Neo4j Browser: :param categoryName => '行为轨迹'
MATCH (cat:TagCategory {name: $categoryName})<-[:IN_CATEGORY]-(t:Tag)
WHERE t.status IN ['ACTIVE', 'DEPRECATED']
MATCH path = (t)-[:CHILD_OF*0..]->(root:Tag)
WHERE NOT (root)-[:CHILD_OF]->()
RETURN reduce(s = '', n IN reverse(nodes(path)) | s + CASE s WHEN '' THEN '' ELSE ' › ' END + n.name)
         AS tagPath,
       length(path) + 1 AS depth,
       t.status AS status,
       COUNT { (t)<-[:TAGGED]-(:Customer) } AS directCustomers
ORDER BY tagPath
