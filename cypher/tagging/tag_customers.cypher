// tag_customers: assign tags to customers, idempotently (MERGE locks both ends, so concurrent
// calls never create a second assignment). A tag of an exclusive category replaces the
// customer's other tag of that category: the old assignment becomes WAS_TAGGED (REPLACED).
// $customerIds: list of customer ids; $tags: list of {id, categoryId, exclusive};
// $now: datetime of the change; $by: who; $source: MANUAL | RULE | IMPORT | API | MERGE;
// $note: string or null; $ruleId: string or null; $expiresAt: datetime or null
UNWIND $customerIds AS customerId
MATCH (c:Customer {id: customerId})
UNWIND $tags AS tagRow
MATCH (t:Tag {id: tagRow.id})
CALL (c, t, tagRow) {
  MATCH (c)-[old:TAGGED]->(other:Tag)-[:IN_CATEGORY]->(:TagCategory {id: tagRow.categoryId})
  WHERE tagRow.exclusive AND other <> t
  CREATE (c)-[:WAS_TAGGED {
    since: old.since, until: $now, by: old.by, source: old.source, note: old.note,
    ruleId: old.ruleId, expiresAt: old.expiresAt, removedBy: $by, removedSource: $source, reason: 'REPLACED'
  }]->(other)
  DELETE old
  RETURN count(*) AS replaced
}
OPTIONAL MATCH (c)-[existing:TAGGED]->(t)
WITH c, t, replaced, existing IS NOT NULL AS present
MERGE (c)-[r:TAGGED]->(t)
ON CREATE SET r.since = $now, r.by = $by, r.source = $source, r.note = $note,
              r.ruleId = $ruleId, r.expiresAt = $expiresAt
// Tagging again with an expiry sets it (extends a trial); without one, the old one stays.
ON MATCH SET r.expiresAt = coalesce($expiresAt, r.expiresAt)
RETURN sum(CASE WHEN present THEN 0 ELSE 1 END) AS added,
       sum(CASE WHEN present THEN 1 ELSE 0 END) AS alreadyPresent,
       sum(replaced) AS replaced,
       // Only these customers changed (a retried call changes nobody): the change notice.
       collect(DISTINCT CASE WHEN present AND replaced = 0 THEN null ELSE c.id END) AS changedIds
