// find_customer_facts_page: what the in-memory index keeps of each customer, in id order,
// $limit customers after $afterId (times in integer microseconds since the epoch, with
// their UTC offsets), so that pages can be served from memory.
// $afterId: string ('' for the first page); $limit: int
MATCH (c:Customer)
WHERE c.id > $afterId
WITH c ORDER BY c.id LIMIT $limit
// One record holding a row per customer: the driver's cost per record would dominate.
RETURN collect([
  c.id, c.employees, c.annualRevenue,
  c.lastInteractionAt.epochSeconds * 1000000 + c.lastInteractionAt.nanosecond / 1000,
  c.createdAt.epochSeconds * 1000000 + c.createdAt.nanosecond / 1000,
  head([(c)-[:IN_INDUSTRY]->(i:Industry) | i.code]),
  head([(c)-[:LOCATED_IN]->(r:Region) | r.code]),
  [(c)-[:TAGGED]->(t:Tag) | t.id],
  c.name, c.kind, c.email, c.phone,
  c.updatedAt.epochSeconds * 1000000 + c.updatedAt.nanosecond / 1000,
  [c.createdAt.offsetSeconds, c.updatedAt.offsetSeconds, c.lastInteractionAt.offsetSeconds]
]) AS rows
