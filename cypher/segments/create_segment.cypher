// create_segment: a saved segment with its filter, linked to the tags, tag categories,
// industries and regions the filter names (so analysts see what a segment depends on, and
// viewers who may not see one of its tags do not see the segment).
// $id, $name, $normalizedName, $kind: DYNAMIC | STATIC, $filter: the filter as JSON;
// $tagIds, $categoryIds, $industryCodes, $regionCodes: lists of the nodes it names; $now; $by
CREATE (s:Segment {
  id: $id, name: $name, normalizedName: $normalizedName, kind: $kind, filter: $filter,
  createdAt: $now, createdBy: $by
})
WITH s
CALL (s) {
  MATCH (n) WHERE (n:Tag AND n.id IN $tagIds) OR (n:TagCategory AND n.id IN $categoryIds)
               OR (n:Industry AND n.code IN $industryCodes)
               OR (n:Region AND n.code IN $regionCodes)
  CREATE (s)-[:FILTERS_ON]->(n)
}
RETURN s {.*} AS segment
