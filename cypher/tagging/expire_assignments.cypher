// expire_assignments: end up to $limit assignments whose expiry has passed (reason EXPIRED).
// $now: datetime; $limit: int
MATCH (c:Customer)-[r:TAGGED]->(t:Tag)
WHERE r.expiresAt <= $now
WITH c, r, t LIMIT $limit
CREATE (c)-[:WAS_TAGGED {
  since: r.since, until: $now, by: r.by, source: r.source, note: r.note, ruleId: r.ruleId,
  removedBy: 'expiry-sweep', removedSource: 'RULE', reason: 'EXPIRED', expiresAt: r.expiresAt
}]->(t)
DELETE r
RETURN count(r) AS expired, collect(DISTINCT c.id) AS customerIds
