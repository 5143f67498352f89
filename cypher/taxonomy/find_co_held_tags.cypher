// find_co_held_tags: for each tag, its first $sample holders and the other tags held by at
// least $minShare of them, with how many hold each (a bounded screen for customer overlap:
// at most $sample holders and their assignments per tag).
// $ids: list of tag ids; $sample: holders examined per tag; $minShare: number between 0 and 1
UNWIND $ids AS id
MATCH (a:Tag {id: id})
CALL (a) {
  MATCH (a)<-[:TAGGED]-(c:Customer)
  WITH c LIMIT $sample
  RETURN collect(c) AS holders
}
UNWIND holders AS c
MATCH (c)-[:TAGGED]->(b:Tag)
WHERE b <> a
WITH a, size(holders) AS examined, b, count(c) AS shared
WHERE shared >= $minShare * examined
RETURN a.id AS id, examined, collect({id: b.id, shared: shared}) AS coHeld
