// move_rule_actions: tag rules whose action assigns or removes a merged tag now act on the
// target (the relationship and the rule's tagId move together).
// $fromIds: list of tag ids; $targetId: tag id; $now: datetime
MATCH (target:Tag {id: $targetId})
MATCH (r:TagRule)-[old:ASSIGNS|REMOVES]->(s:Tag)
WHERE s.id IN $fromIds
WITH target, r, old, type(old) AS action
DELETE old
WITH target, r, action
FOREACH (_ IN CASE WHEN action = 'REMOVES' THEN [1] ELSE [] END | CREATE (r)-[:REMOVES]->(target))
FOREACH (_ IN CASE WHEN action = 'ASSIGNS' THEN [1] ELSE [] END | CREATE (r)-[:ASSIGNS]->(target))
SET r.tagId = $targetId, r.updatedAt = $now
RETURN count(r) AS moved
