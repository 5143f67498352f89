// update_rule: replace a rule's definition (keeping its id and creation), its action link and
// its links to the tags and tag categories its condition's filter names (FILTERS_ON).
// $rule: map of {id, name, normalizedName, description, priority, enabled, trigger, eventTypes,
//        filter, aggregates, conditionText, action, tagId}; $now: datetime; $by: who;
// $filterTagIds, $filterCategoryIds: lists of the tag and category ids the filter names
MATCH (r:TagRule {id: $rule.id})
MATCH (t:Tag {id: $rule.tagId})
OPTIONAL MATCH (r)-[old:ASSIGNS|REMOVES|FILTERS_ON]->()
DELETE old
WITH DISTINCT r, t
SET r += $rule, r.updatedAt = $now, r.updatedBy = $by
FOREACH (_ IN CASE WHEN $rule.action = 'REMOVE_TAG' THEN [1] ELSE [] END |
  CREATE (r)-[:REMOVES]->(t))
FOREACH (_ IN CASE WHEN $rule.action <> 'REMOVE_TAG' THEN [1] ELSE [] END |
  CREATE (r)-[:ASSIGNS]->(t))
WITH r
CALL (r) {
  MATCH (n) WHERE (n:Tag AND n.id IN $filterTagIds) OR (n:TagCategory AND n.id IN $filterCategoryIds)
  CREATE (r)-[:FILTERS_ON]->(n)
}
RETURN r.id AS id
