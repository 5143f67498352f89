// link_rule_filters: link rules to the tags and tag categories their condition's filter names
// (FILTERS_ON), for rules saved before those links existed; MERGE, so a second run adds nothing.
// $rules: list of {id, tagIds, categoryIds}
UNWIND $rules AS link
MATCH (r:TagRule {id: link.id})
CALL (r, link) {
  MATCH (n)
  WHERE (n:Tag AND n.id IN link.tagIds) OR (n:TagCategory AND n.id IN link.categoryIds)
  MERGE (r)-[:FILTERS_ON]->(n)
}
RETURN count(r) AS linked
