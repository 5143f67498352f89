// count_members: how many customers a static segment holds (none when the viewer may not
// see the segment: its filter names a tag or category outside the visible categories).
// $id: segment id; $visibleCategoryIds: list of category ids, or null for all
MATCH (s:Segment {id: $id})
WHERE $visibleCategoryIds IS NULL OR NOT EXISTS {
  MATCH (s)-[:FILTERS_ON]->(n)
  WHERE (n:Tag AND NOT EXISTS {
          MATCH (n)-[:IN_CATEGORY]->(cat:TagCategory) WHERE cat.id IN $visibleCategoryIds
        })
     OR (n:TagCategory AND NOT n.id IN $visibleCategoryIds)
}
RETURN COUNT { (:Customer)-[:MEMBER_OF]->(s) } AS members
