// merge_customers: create or update the customers of an import batch; only the properties a
// row gives change (a blank cell leaves the property as it is).
// $rows: list of {id, props (map), industryCode (string or null: unchanged),
//        regionCode (string or null: unchanged)}; $by: the importing principal
UNWIND $rows AS row
MERGE (c:Customer {id: row.id})
ON CREATE SET c.createdAt = datetime(), c.kind = 'COMPANY', c.createdBy = $by
SET c += row.props, c.updatedAt = datetime(), c.updatedBy = $by
WITH c, row
CALL (c, row) {
  WITH c, row WHERE row.industryCode IS NOT NULL
  OPTIONAL MATCH (c)-[old:IN_INDUSTRY]->(:Industry)
  DELETE old
  WITH DISTINCT c, row
  MATCH (i:Industry {code: row.industryCode})
  CREATE (c)-[:IN_INDUSTRY]->(i)
}
CALL (c, row) {
  WITH c, row WHERE row.regionCode IS NOT NULL
  OPTIONAL MATCH (c)-[old:LOCATED_IN]->(:Region)
  DELETE old
  WITH DISTINCT c, row
  MATCH (r:Region {code: row.regionCode})
  CREATE (c)-[:LOCATED_IN]->(r)
}
RETURN count(c) AS merged
