// find_customers_by_tag_ids: one page of the customers holding each tag, ordered by id.
// $ids: list of tag ids; $includeDescendants: boolean (also customers of descendant tags);
// $afterId: id of the last customer of the previous page ('' for the first); $limit: int;
// $visibleCategoryIds: list of category ids, or null for all (a hidden tag has no customers)
UNWIND $ids AS tagId
MATCH (t:Tag {id: tagId})-[:IN_CATEGORY]->(cat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
CALL (t) {
  MATCH (d:Tag)-[:CHILD_OF*0..]->(t)
  WHERE $includeDescendants OR d = t
  MATCH (c:Customer)-[:TAGGED]->(d)
  WHERE c.id > $afterId
  WITH DISTINCT c
  ORDER BY c.id
  LIMIT $limit
  RETURN c {.*,
    industryCode: head([(c)-[:IN_INDUSTRY]->(i:Industry) | i.code]),
    regionCode: head([(c)-[:LOCATED_IN]->(r:Region) | r.code])
  } AS customer
}
RETURN tagId, customer
