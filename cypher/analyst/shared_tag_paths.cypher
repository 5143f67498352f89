// shared_tag_paths: the tag-tree nodes two customers share (their tags and all ancestors),
// deepest first — the raw material of "customers like this one".
// $customerA, $customerB: customer ids
// In Neo4j Browser: :param customerA => 'C0000001'; :param customerB => 'C0000002'
MATCH (:Customer {id: $customerA})-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(shared:Tag)
      <-[:CHILD_OF*0..]-(:Tag)<-[:TAGGED]-(:Customer {id: $customerB})
WITH DISTINCT shared
MATCH path = (shared)-[:CHILD_OF*0..]->(root:Tag)
WHERE NOT (root)-[:CHILD_OF]->()
RETURN [n IN reverse(nodes(path)) | n.name] AS sharedPath, length(path) + 1 AS depth,
       COUNT { (shared)<-[:TAGGED]-(:Customer) } AS holdersDirectly
ORDER BY depth DESC, holdersDirectly ASC
