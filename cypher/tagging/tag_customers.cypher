// tag_customers: assign tags to customers, idempotently (MERGE locks both ends, so concurrent
// calls never create a second assignment). A tag of an exclusive category replaces the
// customer's other tag of that category.
// $customerIds: list of customer ids; $tags: list of {id, categoryId, exclusive};
// $by: who; $source: MANUAL | RULE | IMPORT | API; $note: string or null
UNWIND $customerIds AS customerId
MATCH (c:Customer {id: customerId})
UNWIND $tags AS tagRow
MATCH (t:Tag {id: tagRow.id})
CALL (c, t, tagRow) {
  OPTIONAL MATCH (c)-[old:TAGGED]->(other:Tag)-[:IN_CATEGORY]->(:TagCategory {id: tagRow.categoryId})
  WHERE tagRow.exclusive AND other <> t
  DELETE old
  RETURN count(old) AS replaced
}
OPTIONAL MATCH (c)-[existing:TAGGED]->(t)
WITH c, t, replaced, existing IS NOT NULL AS present
MERGE (c)-[r:TAGGED]->(t)
ON CREATE SET r.since = datetime(), r.by = $by, r.source = $source, r.note = $note
RETURN sum(CASE WHEN present THEN 0 ELSE 1 END) AS added,
       sum(CASE WHEN present THEN 1 ELSE 0 END) AS alreadyPresent,
       sum(replaced) AS replaced
