// filter_cooccurrence: the tags a filter's customers hold together with $anchorTagId (or a
// descendant of it), with how often and the lift P(tag | anchor) / P(tag) in the segment.
// {{source}}: a source_* query binding c; {{predicate}}: the compiled filter over c
// $anchorTagId: tag id; $visibleCategoryIds: list of category ids, or null for all;
// $limit: int; $anchorKey, $f0, $f1, …: those of the source and the predicate
{{source}}
WHERE {{predicate}}
WITH c, EXISTS {
  MATCH (c)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(:Tag {id: $anchorTagId})
} AS anchored
WITH collect({customer: c, anchored: anchored}) AS rows, count(*) AS total,
     sum(CASE WHEN anchored THEN 1 ELSE 0 END) AS anchorCount
UNWIND rows AS row
WITH row.customer AS c, row.anchored AS anchored, total, anchorCount
MATCH (c)-[:TAGGED]->(other:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE other.id <> $anchorTagId
  AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
WITH other, total, anchorCount, count(c) AS withOther,
     sum(CASE WHEN anchored THEN 1 ELSE 0 END) AS together
WHERE together > 0
RETURN other.id AS tagId, together, withOther, anchorCount, total,
       (toFloat(together) / anchorCount) / (toFloat(withOther) / total) AS lift
ORDER BY together DESC, lift DESC, tagId
LIMIT $limit
