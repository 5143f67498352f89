// remove_assignments: end assignments because a rule says so; each becomes WAS_TAGGED with
// reason REMOVED, removedSource RULE and the rule's id (removedRuleId).
// $rows: list of {customerId, tagId, ruleId}; $now: datetime
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})-[r:TAGGED]->(t:Tag {id: row.tagId})
CREATE (c)-[:WAS_TAGGED {
  since: r.since, until: $now, by: r.by, source: r.source, note: r.note, ruleId: r.ruleId,
  expiresAt: r.expiresAt, removedBy: 'rule:' + row.ruleId, removedSource: 'RULE',
  removedRuleId: row.ruleId, reason: 'REMOVED'
}]->(t)
DELETE r
RETURN count(r) AS removed
