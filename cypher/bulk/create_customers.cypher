// create_customers: bulk-create customers with their industry, region and tags (demo and
// synthetic data; the loader checks first that none of them exists).
// $rows: list of {id, name, kind, employees, annualRevenue, email, phone, industryCode,
//        regionCode, createdAt, lastInteractionAt, tagIds};
// $by: who loads
UNWIND $rows AS row
CREATE (c:Customer {
  id: row.id, name: row.name, kind: row.kind, employees: row.employees,
  annualRevenue: row.annualRevenue, email: row.email, phone: row.phone,
  createdAt: row.createdAt, updatedAt: row.createdAt, lastInteractionAt: row.lastInteractionAt
})
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
  CREATE (c)-[:TAGGED {since: row.createdAt, by: $by, source: 'IMPORT'}]->(t)
}
