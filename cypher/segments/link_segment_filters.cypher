// link_segment_filters: link saved segments to the tags and tag categories their filter names
// (FILTERS_ON), for segments saved before category links existed; MERGE, so a second run adds
// nothing.
// $segments: list of {id, tagIds, categoryIds}
UNWIND $segments AS link
MATCH (s:Segment {id: link.id})
CALL (s, link) {
  MATCH (n)
  WHERE (n:Tag AND n.id IN link.tagIds) OR (n:TagCategory AND n.id IN link.categoryIds)
  MERGE (s)-[:FILTERS_ON]->(n)
}
RETURN count(s) AS linked
