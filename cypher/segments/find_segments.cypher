// find_segments: every saved segment the viewer may see, by name: none whose filter names a
// tag or tag category outside the visible categories.
// $visibleCategoryIds: list of category ids, or null for all
MATCH (s:Segment)
WHERE $visibleCategoryIds IS NULL OR NOT EXISTS {
  MATCH (s)-[:FILTERS_ON]->(n)
  WHERE (n:Tag AND NOT EXISTS {
          MATCH (n)-[:IN_CATEGORY]->(cat:TagCategory) WHERE cat.id IN $visibleCategoryIds
        })
     OR (n:TagCategory AND NOT n.id IN $visibleCategoryIds)
}
RETURN s {.*} AS segment
ORDER BY s.normalizedName, s.id
