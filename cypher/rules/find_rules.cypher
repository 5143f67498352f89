// find_rules: rules (all, or those with the given ids), with the category of their tag, by
// priority (highest first) then id.
// $ids: list of rule ids, or null for all
MATCH (r:TagRule)-[:ASSIGNS|REMOVES]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE $ids IS NULL OR r.id IN $ids
RETURN r {.*, categoryId: cat.id, exclusive: coalesce(cat.exclusive, false),
       tagStatus: coalesce(t.status, 'ACTIVE')} AS rule
ORDER BY r.priority DESC, r.id
