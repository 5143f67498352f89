// move_tag: re-parent a tag with its subtree: under $parentId, or to the top of its category
// when $parentId is null; when the category changes, the whole subtree follows.
// $id: tag id; $parentId: tag id or null; $categoryId: the category after the move;
// $now: datetime; $by: who
MATCH (t:Tag {id: $id})
OPTIONAL MATCH (t)-[old:CHILD_OF]->(:Tag)
DELETE old
WITH t
CALL (t) {
  MATCH (parent:Tag {id: $parentId})
  CREATE (t)-[:CHILD_OF]->(parent)
}
CALL (t) {
  MATCH (t)<-[:CHILD_OF*0..]-(d:Tag)-[membership:IN_CATEGORY]->(old:TagCategory)
  WHERE old.id <> $categoryId
  MATCH (cat:TagCategory {id: $categoryId})
  DELETE membership
  CREATE (d)-[:IN_CATEGORY]->(cat)
}
SET t.updatedAt = $now, t.updatedBy = $by
WITH t
MATCH (t)-[:IN_CATEGORY]->(cat:TagCategory)
OPTIONAL MATCH (t)-[:CHILD_OF]->(parent:Tag)
RETURN t {.*, categoryId: cat.id, parentId: parent.id} AS tag
