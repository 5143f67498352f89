// find_segments_by_ids: saved segments by id, those the viewer may see: none whose filter
// names a tag or tag category outside the visible categories.
// $ids: list of segment ids; $visibleCategoryIds: list of category ids, or null for all
MATCH (s:Segment) WHERE s.id IN $ids
  AND ($visibleCategoryIds IS NULL OR NOT EXISTS {
    MATCH (s)-[:FILTERS_ON]->(n)
    WHERE (n:Tag AND NOT EXISTS {
            MATCH (n)-[:IN_CATEGORY]->(cat:TagCategory) WHERE cat.id IN $visibleCategoryIds
          })
       OR (n:TagCategory AND NOT n.id IN $visibleCategoryIds)
  })
RETURN s {.*} AS segment
