// find_tag_moves: customers who left tag $fromTagId and, at that same moment, entered tag
// $toTagId (e.g. 潜在客户 → 已成交客户), in [$start, $end); their count and a sample.
// Nobody when either tag lies in a category the viewer may not see, as for an unknown tag.
// $fromTagId, $toTagId: tag ids; $start, $end: datetimes; $sample: int;
// $visibleCategoryIds: list of category ids, or null for all
MATCH (c:Customer)-[left:WAS_TAGGED]->(:Tag {id: $fromTagId})-[:IN_CATEGORY]->(fromCat:TagCategory)
WHERE $start <= left.until < $end
  AND ($visibleCategoryIds IS NULL OR fromCat.id IN $visibleCategoryIds)
  AND EXISTS { MATCH (c)-[entered:TAGGED|WAS_TAGGED]->(:Tag {id: $toTagId})
                     -[:IN_CATEGORY]->(toCat:TagCategory)
               WHERE entered.since = left.until
                 AND ($visibleCategoryIds IS NULL OR toCat.id IN $visibleCategoryIds) }
WITH DISTINCT c
ORDER BY c.id
RETURN count(c) AS customers, collect(c.id)[..$sample] AS sample
