// create_rule: a tag rule, linked to the tag its action assigns (ASSIGNS) or removes (REMOVES)
// and to the tags and tag categories its condition's filter names (FILTERS_ON: viewers who may
// not see one of them do not see the rule).
// $rule: map of {id, name, normalizedName, description, priority, enabled, trigger, eventTypes,
//        filter, aggregates, conditionText, action, tagId, builtin}; $now: datetime; $by: who;
// $filterTagIds, $filterCategoryIds: lists of the tag and category ids the filter names
MATCH (t:Tag {id: $rule.tagId})
CREATE (r:TagRule)
SET r = $rule, r.createdAt = $now, r.updatedAt = $now, r.createdBy = $by
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
