// upsert_customers: create or update customers; only the given properties change.
// $rows: list of {id, props (map; null values remove a property), setIndustry (bool),
//        industryCode (string or null), setRegion (bool), regionCode (string or null)}
UNWIND $rows AS row
MERGE (c:Customer {id: row.id})
ON CREATE SET c.createdAt = datetime(), c.kind = 'COMPANY'
SET c += row.props, c.updatedAt = datetime()
WITH c, row
CALL (c, row) {
  WITH c, row WHERE row.setIndustry
  OPTIONAL MATCH (c)-[old:IN_INDUSTRY]->(:Industry)
  DELETE old
  WITH DISTINCT c, row
  MATCH (i:Industry {code: row.industryCode})
  CREATE (c)-[:IN_INDUSTRY]->(i)
}
CALL (c, row) {
  WITH c, row WHERE row.setRegion
  OPTIONAL MATCH (c)-[old:LOCATED_IN]->(:Region)
  DELETE old
  WITH DISTINCT c, row
  MATCH (r:Region {code: row.regionCode})
  CREATE (c)-[:LOCATED_IN]->(r)
}
RETURN count(c) AS upserted
