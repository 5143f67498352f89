// find_customers_by_ids: the customers with these ids, with their industry and region codes.
// $ids: list of customer ids
MATCH (c:Customer)
WHERE c.id IN $ids
RETURN c {.*,
  industryCode: head([(c)-[:IN_INDUSTRY]->(i:Industry) | i.code]),
  regionCode: head([(c)-[:LOCATED_IN]->(r:Region) | r.code])
} AS customer
