// untag_customers: end these assignments (absent ones are ignored); each becomes WAS_TAGGED.
// $customerIds: list of customer ids; $tagIds: list of tag ids; $now: datetime; $by: who;
// $source: MANUAL | RULE | IMPORT | API; $reason: why (REMOVED unless a caller says otherwise)
UNWIND $customerIds AS customerId
MATCH (c:Customer {id: customerId})-[r:TAGGED]->(t:Tag)
WHERE t.id IN $tagIds
CREATE (c)-[:WAS_TAGGED {
  since: r.since, until: $now, by: r.by, source: r.source, note: r.note, ruleId: r.ruleId,
  expiresAt: r.expiresAt, removedBy: $by, removedSource: $source, reason: $reason
}]->(t)
DELETE r
RETURN count(r) AS removed, collect(DISTINCT c.id) AS customerIds
