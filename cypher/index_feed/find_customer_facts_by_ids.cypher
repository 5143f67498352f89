// find_customer_facts_by_ids: what the in-memory index keeps of these customers (times in
// integer microseconds since the epoch, with
// their UTC offsets), so that pages can be served from memory; ids naming no customer are absent.
// $ids: list of customer ids
UNWIND $ids AS customerId
MATCH (c:Customer {id: customerId})
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
