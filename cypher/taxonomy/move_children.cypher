// move_children: hang the children of the $fromIds tags under the target; subtrees that change
// category follow the target's category.
// $fromIds: list of tag ids; $targetId: tag id
MATCH (target:Tag {id: $targetId})-[:IN_CATEGORY]->(cat:TagCategory)
MATCH (child:Tag)-[old:CHILD_OF]->(s:Tag)
WHERE s.id IN $fromIds AND NOT child.id IN $fromIds
DELETE old
CREATE (child)-[:CHILD_OF]->(target)
WITH child, cat
CALL (child, cat) {
  MATCH (child)<-[:CHILD_OF*0..]-(d:Tag)-[membership:IN_CATEGORY]->(other:TagCategory)
  WHERE other <> cat
  DELETE membership
  CREATE (d)-[:IN_CATEGORY]->(cat)
}
RETURN count(child) AS moved
