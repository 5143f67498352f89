// count_exclusive_conflicts: customers who would hold two tags of the exclusive category
// $categoryId if the tags $incomingIds became part of it.
// $incomingIds: list of tag ids; $categoryId: category id
MATCH (c:Customer)-[:TAGGED]->(incoming:Tag)
WHERE incoming.id IN $incomingIds
WITH DISTINCT c
MATCH (c)-[:TAGGED]->(other:Tag)-[:IN_CATEGORY]->(:TagCategory {id: $categoryId})
WHERE NOT other.id IN $incomingIds
RETURN count(DISTINCT c) AS customers
