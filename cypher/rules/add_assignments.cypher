// add_assignments: rule assignments, each recording its rule (source RULE, by 'rule:<id>',
// ruleId). A tag of an exclusive category replaces the customer's other tag of the category
// (the old assignment becomes WAS_TAGGED, reason REPLACED, removedRuleId).
// $rows: list of {customerId, tagId, ruleId, categoryId, exclusive}; $now: datetime
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
MATCH (t:Tag {id: row.tagId})
CALL (c, t, row) {
  MATCH (c)-[old:TAGGED]->(other:Tag)-[:IN_CATEGORY]->(:TagCategory {id: row.categoryId})
  WHERE row.exclusive AND other <> t
  CREATE (c)-[:WAS_TAGGED {
    since: old.since, until: $now, by: old.by, source: old.source, note: old.note,
    ruleId: old.ruleId, expiresAt: old.expiresAt, removedBy: 'rule:' + row.ruleId,
    removedSource: 'RULE', removedRuleId: row.ruleId, reason: 'REPLACED'
  }]->(other)
  DELETE old
  RETURN count(*) AS replaced
}
MERGE (c)-[r:TAGGED]->(t)
ON CREATE SET r.since = $now, r.by = 'rule:' + row.ruleId, r.source = 'RULE',
              r.ruleId = row.ruleId
RETURN count(r) AS added, sum(replaced) AS replaced
