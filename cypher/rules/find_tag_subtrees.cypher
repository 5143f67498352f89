// find_tag_subtrees: each tag with its descendants (a customer holding a descendant of a rule's
// tag already has what an adding rule would give).
// $ids: list of tag ids
UNWIND $ids AS id
MATCH (d:Tag)-[:CHILD_OF*0..]->(:Tag {id: id})
RETURN id, collect(d.id) AS subtree
