// merge_tags: upsert the tags of a data set with their category and parent.
// $rows: list of {id, name, normalizedName, color, description, categoryId, parentId};
// parents come before their children.
UNWIND $rows AS row
MATCH (cat:TagCategory {id: row.categoryId})
MERGE (t:Tag {id: row.id})
ON CREATE SET t.createdAt = datetime(), t.createdBy = 'import', t.status = 'ACTIVE',
              t.aliases = [], t.normalizedAliases = []
SET t.name = row.name, t.normalizedName = row.normalizedName, t.color = row.color,
    t.description = row.description, t.updatedAt = datetime()
MERGE (t)-[:IN_CATEGORY]->(cat)
WITH t, row
CALL (t, row) {
  MATCH (parent:Tag {id: row.parentId})
  MERGE (t)-[:CHILD_OF]->(parent)
}
