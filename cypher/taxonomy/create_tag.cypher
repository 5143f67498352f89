// create_tag: a new tag in its category, under its parent when it has one.
// $id, $name, $normalizedName, $color, $description, $aliases, $normalizedAliases, $by, $now:
// tag fields;
// $categoryId: category id; $parentId: tag id or null
MATCH (cat:TagCategory {id: $categoryId})
OPTIONAL MATCH (parent:Tag {id: $parentId})
CREATE (t:Tag {
  id: $id, name: $name, normalizedName: $normalizedName, color: $color,
  description: $description, status: 'ACTIVE', aliases: $aliases,
  normalizedAliases: $normalizedAliases, createdAt: $now, updatedAt: $now,
  createdBy: $by
})
CREATE (t)-[:IN_CATEGORY]->(cat)
FOREACH (p IN CASE WHEN parent IS NULL THEN [] ELSE [parent] END | CREATE (t)-[:CHILD_OF]->(p))
RETURN t {.*, categoryId: cat.id, parentId: parent.id} AS tag
