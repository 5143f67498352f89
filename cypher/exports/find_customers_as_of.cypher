// find_customers_as_of: customers by id with their industry and region codes and, when asked
// for, the ids of the tags each held at $at (current assignments made by then, and past ones
// spanning it), in the categories the viewer may see and, optionally, only some of them.
// $ids: list of customer ids; $at: datetime; $withTags: boolean;
// $visibleCategoryIds: list of ids, or null for all; $tagCategoryIds: list of ids, or null for all
UNWIND $ids AS customerId
MATCH (c:Customer {id: customerId})
RETURN c {.*,
  industryCode: head([(c)-[:IN_INDUSTRY]->(i:Industry) | i.code]),
  regionCode: head([(c)-[:LOCATED_IN]->(r:Region) | r.code])
} AS customer,
CASE WHEN $withTags THEN COLLECT {
  MATCH (c)-[r:TAGGED|WAS_TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
  WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
    AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
    AND ($tagCategoryIds IS NULL OR cat.id IN $tagCategoryIds)
  RETURN DISTINCT t.id
} ELSE [] END AS tagIds
