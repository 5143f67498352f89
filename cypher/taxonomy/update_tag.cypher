// update_tag: change a tag's names, colour, description or status; null leaves a field as is.
// $id: tag id; $name, $normalizedName, $color, $description, $status: values or null;
// $aliases, $normalizedAliases: lists or null; $now: datetime; $by: who
MATCH (t:Tag {id: $id})
SET t.name = coalesce($name, t.name),
    t.normalizedName = coalesce($normalizedName, t.normalizedName),
    t.color = coalesce($color, t.color),
    t.description = coalesce($description, t.description),
    t.status = coalesce($status, t.status),
    t.aliases = coalesce($aliases, t.aliases),
    t.normalizedAliases = coalesce($normalizedAliases, t.normalizedAliases),
    t.updatedAt = $now, t.updatedBy = $by
WITH t
MATCH (t)-[:IN_CATEGORY]->(cat:TagCategory)
OPTIONAL MATCH (t)-[:CHILD_OF]->(parent:Tag)
RETURN t {.*, categoryId: cat.id, parentId: parent.id} AS tag
