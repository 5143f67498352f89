// create_tags: the new tags of a taxonomy import (their CHILD_OF links come after, from
// link_tags, so that a child may come before its parent in $rows).
// $rows: list of {id, name, normalizedName, color, description, aliases, normalizedAliases,
//        status, categoryId}; $by; $now
UNWIND $rows AS row
MATCH (cat:TagCategory {id: row.categoryId})
CREATE (t:Tag {
  id: row.id, name: row.name, normalizedName: row.normalizedName, color: row.color,
  description: row.description, status: row.status, aliases: row.aliases,
  normalizedAliases: row.normalizedAliases, createdAt: $now, updatedAt: $now, createdBy: $by
})
CREATE (t)-[:IN_CATEGORY]->(cat)
RETURN count(t) AS created
