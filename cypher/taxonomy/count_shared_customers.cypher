// count_shared_customers: for each pair, how many of the first $cap holders of tag a (the one
// with fewer holders) also hold tag b, and how many were examined (exact when all were).
// $pairs: list of {a: tag id, b: tag id}; $cap: most holders examined per pair
UNWIND $pairs AS pair
MATCH (a:Tag {id: pair.a}), (b:Tag {id: pair.b})
CALL (a, b) {
  MATCH (a)<-[:TAGGED]-(c:Customer)
  WITH c LIMIT $cap
  // Expand-into from the customer's side: a customer holds about a dozen tags.
  RETURN count(c) AS examined, count(CASE WHEN EXISTS { (c)-[:TAGGED]->(b) } THEN 1 END) AS shared
}
RETURN a.id AS a, b.id AS b, examined, shared
