// merge_tags: create the tags of a data set that do not exist yet, with their category and
// parent; existing tags are left as they are (they may have been moved, merged or deleted).
// $rows: list of {id, name, normalizedName, color, description, categoryId, parentId};
// parents come before their children.
UNWIND $rows AS row
OPTIONAL MATCH (existing:Tag {id: row.id})
WITH row WHERE existing IS NULL
MATCH (cat:TagCategory {id: row.categoryId})
CREATE (t:Tag {
  id: row.id, name: row.name, normalizedName: row.normalizedName, color: row.color,
  description: row.description, status: 'ACTIVE', aliases: [], normalizedAliases: [],
  createdAt: datetime(), updatedAt: datetime(), createdBy: 'import'
})
CREATE (t)-[:IN_CATEGORY]->(cat)
WITH t, row
CALL (t, row) {
  MATCH (parent:Tag {id: row.parentId})
  CREATE (t)-[:CHILD_OF]->(parent)
}
