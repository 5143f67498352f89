// update_rule: replace a rule's definition (keeping its id and creation) and its action link.
// $rule: map of {id, name, normalizedName, description, priority, enabled, trigger, eventTypes,
//        filter, aggregates, conditionText, action, tagId}; $now: datetime; $by: who
MATCH (r:TagRule {id: $rule.id})
MATCH (t:Tag {id: $rule.tagId})
OPTIONAL MATCH (r)-[old:ASSIGNS|REMOVES]->(:Tag)
DELETE old
WITH DISTINCT r, t
SET r += $rule, r.updatedAt = $now, r.updatedBy = $by
FOREACH (_ IN CASE WHEN $rule.action = 'REMOVE_TAG' THEN [1] ELSE [] END |
  CREATE (r)-[:REMOVES]->(t))
FOREACH (_ IN CASE WHEN $rule.action <> 'REMOVE_TAG' THEN [1] ELSE [] END |
  CREATE (r)-[:ASSIGNS]->(t))
RETURN r.id AS id
