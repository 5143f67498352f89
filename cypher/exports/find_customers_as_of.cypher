// find_customers_as_of: customers by id with their industry and region codes and, when asked
// for, the ids of the tags each held at $at (current assignments made by then, and past ones
// spanning it), in the categories the viewer may see and, optionally, only some of them.
// One record holding a row per customer, times as integer microseconds since the epoch with
// their UTC offsets: the driver's cost per record and per temporal value would dominate.
// $ids: list of customer ids; $at: datetime; $withTags: boolean;
// $visibleCategoryIds: list of ids, or null for all; $tagCategoryIds: list of ids, or null for all
UNWIND $ids AS customerId
MATCH (c:Customer {id: customerId})
RETURN collect([
  c.id, c.name, c.kind, c.employees, c.annualRevenue, c.email, c.phone,
  head([(c)-[:IN_INDUSTRY]->(i:Industry) | i.code]),
  head([(c)-[:LOCATED_IN]->(r:Region) | r.code]),
  c.createdAt.epochSeconds * 1000000 + c.createdAt.nanosecond / 1000,
  c.updatedAt.epochSeconds * 1000000 + c.updatedAt.nanosecond / 1000,
  c.lastInteractionAt.epochSeconds * 1000000 + c.lastInteractionAt.nanosecond / 1000,
  [c.createdAt.offsetSeconds, c.updatedAt.offsetSeconds, c.lastInteractionAt.offsetSeconds],
  CASE WHEN $withTags THEN COLLECT {
    MATCH (c)-[r:TAGGED|WAS_TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
    WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
      AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
      AND ($tagCategoryIds IS NULL OR cat.id IN $tagCategoryIds)
    RETURN DISTINCT t.id
  } ELSE [] END
]) AS rows
