// find_subtree_ids: the ids of a tag and of all its descendants.
// $id: tag id
MATCH (:Tag {id: $id})<-[:CHILD_OF*0..]-(d:Tag)
RETURN collect(d.id) AS ids
