// find_members: one page of a static segment's members, by customer id (none when the viewer
// may not see the segment: its filter names a tag or category outside the visible categories).
// $id: segment id; $afterId: last id of the previous page ('' for the first); $limit: int;
// $visibleCategoryIds: list of category ids, or null for all
MATCH (s:Segment {id: $id})
WHERE $visibleCategoryIds IS NULL OR NOT EXISTS {
  MATCH (s)-[:FILTERS_ON]->(n)
  WHERE (n:Tag AND NOT EXISTS {
          MATCH (n)-[:IN_CATEGORY]->(cat:TagCategory) WHERE cat.id IN $visibleCategoryIds
        })
     OR (n:TagCategory AND NOT n.id IN $visibleCategoryIds)
}
MATCH (c:Customer)-[:MEMBER_OF]->(s)
WHERE c.id > $afterId
RETURN c {.*,
  industryCode: head([(c)-[:IN_INDUSTRY]->(i:Industry) | i.code]),
  regionCode: head([(c)-[:LOCATED_IN]->(r:Region) | r.code])
} AS customer
ORDER BY c.id
LIMIT $limit
