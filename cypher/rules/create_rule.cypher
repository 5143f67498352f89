// create_rule: a tag rule, linked to the tag its action assigns (ASSIGNS) or removes (REMOVES).
// $rule: map of {id, name, normalizedName, description, priority, enabled, trigger, eventTypes,
//        filter, aggregates, conditionText, action, tagId, builtin}; $now: datetime; $by: who
MATCH (t:Tag {id: $rule.tagId})
CREATE (r:TagRule)
SET r = $rule, r.createdAt = $now, r.updatedAt = $now, r.createdBy = $by
FOREACH (_ IN CASE WHEN $rule.action = 'REMOVE_TAG' THEN [1] ELSE [] END |
  CREATE (r)-[:REMOVES]->(t))
FOREACH (_ IN CASE WHEN $rule.action <> 'REMOVE_TAG' THEN [1] ELSE [] END |
  CREATE (r)-[:ASSIGNS]->(t))
RETURN r.id AS id
