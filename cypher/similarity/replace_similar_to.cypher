// replace_similar_to: give each customer its materialized nearest neighbours as
// (:Customer)-[:SIMILAR_TO {score, rank, computedAt}]->(:Customer), replacing earlier ones.
// $rows: list of {id, neighbours: list of {id, score, rank}}; $computedAt: datetime
UNWIND $rows AS row
MATCH (c:Customer {id: row.id})
CALL (c) {
  MATCH (c)-[old:SIMILAR_TO]->()
  DELETE old
}
WITH c, row
UNWIND row.neighbours AS neighbour
MATCH (other:Customer {id: neighbour.id})
CREATE (c)-[:SIMILAR_TO {score: neighbour.score, rank: neighbour.rank, computedAt: $computedAt}]->(other)
RETURN count(*) AS written
