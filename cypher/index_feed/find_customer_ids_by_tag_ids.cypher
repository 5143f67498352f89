// find_customer_ids_by_tag_ids: the customers that hold any of these tags directly now.
// $tagIds: list of tag ids
MATCH (c:Customer)-[:TAGGED]->(t:Tag)
WHERE t.id IN $tagIds
RETURN collect(DISTINCT c.id) AS ids
