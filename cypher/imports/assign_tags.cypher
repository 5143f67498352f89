// assign_tags: the tag assignments of an import batch, one (customer, tag) pair a row, as the
// tagging path makes them (graph/tagging tag_customers): MERGE keeps them single; a tag of an
// exclusive category replaces the customer's other tag of it, which becomes WAS_TAGGED
// (REPLACED); an existing assignment gets the row's note and expiry when `update` is set.
// $rows: list of {customerId, tagId, categoryId, exclusive, since (epoch ms or null),
//        note, expiresAt (epoch ms or null), update (bool)};
// $now: datetime of the change; $by: the importing principal; $source: 'IMPORT'
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
MATCH (t:Tag {id: row.tagId})
CALL (c, t, row) {
  // Only an exclusive category's rows look at what the customer holds.
  WITH c, t, row WHERE row.exclusive
  MATCH (c)-[old:TAGGED]->(other:Tag)-[:IN_CATEGORY]->(:TagCategory {id: row.categoryId})
  WHERE other <> t
  CREATE (c)-[:WAS_TAGGED {
    since: old.since, until: $now, by: old.by, source: old.source, note: old.note,
    ruleId: old.ruleId, expiresAt: old.expiresAt, removedBy: $by, removedSource: $source, reason: 'REPLACED'
  }]->(other)
  DELETE old
  RETURN count(*) AS replaced
}
WITH c, t, row, replaced,
     CASE WHEN row.expiresAt IS NULL THEN null ELSE datetime({epochMillis: row.expiresAt}) END AS expiresAt
MERGE (c)-[r:TAGGED]->(t)
ON CREATE SET r.since = CASE WHEN row.since IS NULL THEN $now ELSE datetime({epochMillis: row.since}) END,
              r.by = $by, r.source = $source, r.note = row.note, r.expiresAt = expiresAt
ON MATCH SET r.note = CASE WHEN row.update THEN coalesce(row.note, r.note) ELSE r.note END,
             r.expiresAt = CASE WHEN row.update THEN coalesce(expiresAt, r.expiresAt) ELSE r.expiresAt END
RETURN sum(replaced) AS replaced
