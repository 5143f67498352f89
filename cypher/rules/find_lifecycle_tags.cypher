// find_lifecycle_tags: the lifecycle category (by normalized name) and its tags.
// $normalizedName: normalized category name
MATCH (cat:TagCategory {normalizedName: $normalizedName})
RETURN cat.id AS categoryId, coalesce(cat.exclusive, false) AS exclusive,
       [(t:Tag)-[:IN_CATEGORY]->(cat) WHERE coalesce(t.status, 'ACTIVE') = 'ACTIVE' |
        {id: t.id, name: t.name, parentId: head([(t)-[:CHILD_OF]->(p:Tag) | p.id])}] AS tags
