// link_tags: each new tag of a taxonomy import under its parent.
// $rows: list of {id, parentId}
UNWIND $rows AS row
MATCH (t:Tag {id: row.id})
MATCH (parent:Tag {id: row.parentId})
CREATE (t)-[:CHILD_OF]->(parent)
RETURN count(*) AS linked
