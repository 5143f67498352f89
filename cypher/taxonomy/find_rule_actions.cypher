// find_rule_actions: the tag rules whose action assigns or removes one of these tags.
// $ids: list of tag ids
MATCH (r:TagRule)-[:ASSIGNS|REMOVES]->(t:Tag)
WHERE t.id IN $ids
RETURN r.id AS id, r.name AS name, r.action AS action
ORDER BY r.name
