// count_tag_flow: how many customers entered and left a tag in [$start, $end).
// Nothing for a tag of a category the viewer may not see, as for an unknown one.
// $tagId: tag id; $start, $end: datetimes; $visibleCategoryIds: list of category ids, or null
// for all
MATCH (t:Tag {id: $tagId})-[:IN_CATEGORY]->(cat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
RETURN COUNT { MATCH (:Customer)-[r:TAGGED|WAS_TAGGED]->(t)
               WHERE $start <= r.since < $end } AS entered,
       COUNT { MATCH (:Customer)-[r:WAS_TAGGED]->(t)
               WHERE $start <= r.until < $end } AS left
