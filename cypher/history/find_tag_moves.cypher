// find_tag_moves: customers who left tag $fromTagId and, at that same moment, entered tag
// $toTagId (e.g. 潜在客户 → 已成交客户), in [$start, $end); their count and a sample.
// $fromTagId, $toTagId: tag ids; $start, $end: datetimes; $sample: int
MATCH (c:Customer)-[left:WAS_TAGGED]->(:Tag {id: $fromTagId})
WHERE $start <= left.until < $end
  AND EXISTS { MATCH (c)-[entered:TAGGED|WAS_TAGGED]->(:Tag {id: $toTagId})
               WHERE entered.since = left.until }
WITH DISTINCT c
ORDER BY c.id
RETURN count(c) AS customers, collect(c.id)[..$sample] AS sample
