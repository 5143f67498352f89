// most_used_tags: the tags held directly by the most customers, with their category.
// $limit: e.g. 20
// In Neo4j Browser: :param limit => 20
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE t.status IN ['ACTIVE', 'DEPRECATED']
RETURN cat.name AS category, t.name AS tag, COUNT { (t)<-[:TAGGED]-() } AS customers
ORDER BY customers DESC
LIMIT $limit
