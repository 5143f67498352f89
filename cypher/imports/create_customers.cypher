// create_customers: the new customers of an import batch with their industry, region and tags,
// by CREATE (the batch read, in its transaction, that none of these ids exists; the constraint
// on Customer.id refuses one created meanwhile by another import, and the batch is retried).
// A new customer holds no tag yet, so no exclusive category has one to replace.
// $rows: list of {id, props (map), industryCode, regionCode (string or null),
//        tagIds (list of tag ids)}; $by: the importing principal; $now: datetime;
// $source: 'IMPORT'
UNWIND $rows AS row
CREATE (c:Customer {id: row.id, kind: 'COMPANY'})
SET c += row.props, c.createdAt = $now, c.updatedAt = $now, c.createdBy = $by,
    c.updatedBy = $by
WITH c, row
CALL (c, row) {
  MATCH (i:Industry {code: row.industryCode})
  CREATE (c)-[:IN_INDUSTRY]->(i)
}
CALL (c, row) {
  MATCH (r:Region {code: row.regionCode})
  CREATE (c)-[:LOCATED_IN]->(r)
}
CALL (c, row) {
  UNWIND row.tagIds AS tagId
  MATCH (t:Tag {id: tagId})
  CREATE (c)-[:TAGGED {since: $now, by: $by, source: $source}]->(t)
}
RETURN count(c) AS created
