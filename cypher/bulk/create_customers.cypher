// create_customers: bulk-create customers with their industry, region and tags (demo and
// synthetic data; the loader checks first that none of them exists).
// $rows: list of {id, name, kind, employees, annualRevenue, email, phone, industryCode,
//        regionCode, createdAt, lastInteractionAt (epoch milliseconds or null), tagIds};
// Times travel as epoch milliseconds: the driver packs Python datetimes 40x slower than ints.
// $by: who loads
UNWIND $rows AS row
WITH row, datetime({epochMillis: row.createdAt}) AS createdAt
CREATE (c:Customer {
  id: row.id, name: row.name, kind: row.kind, employees: row.employees,
  annualRevenue: row.annualRevenue, email: row.email, phone: row.phone,
  createdAt: createdAt, updatedAt: createdAt,
  lastInteractionAt: CASE WHEN row.lastInteractionAt IS NOT NULL
                     THEN datetime({epochMillis: row.lastInteractionAt}) END
})
WITH c, row, createdAt
CALL (c, row) {
  MATCH (i:Industry {code: row.industryCode})
  CREATE (c)-[:IN_INDUSTRY]->(i)
}
CALL (c, row) {
  MATCH (r:Region {code: row.regionCode})
  CREATE (c)-[:LOCATED_IN]->(r)
}
CALL (c, row, createdAt) {
  UNWIND row.tagIds AS tagId
  MATCH (t:Tag {id: tagId})
  WHERE t.status = 'ACTIVE'
  CREATE (c)-[:TAGGED {since: createdAt, by: $by, source: 'IMPORT'}]->(t)
}
