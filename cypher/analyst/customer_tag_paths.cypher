// customer_tag_paths: the tags of one customer with their paths, who assigned them and when.
// $customerId: e.g. 'C0000001'
// In Neo4j Browser: :param customerId => 'C0000001'
MATCH (c:Customer {id: $customerId})-[r:TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
MATCH path = (t)-[:CHILD_OF*0..]->(root:Tag)
WHERE NOT (root)-[:CHILD_OF]->()
RETURN cat.name AS category,
       [n IN reverse(nodes(path)) | n.name] AS tagPath,
       r.since AS since, r.by AS by, r.source AS source
ORDER BY category, tagPath
