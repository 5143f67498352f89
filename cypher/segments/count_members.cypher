// count_members: how many customers a static segment holds.
// $id: segment id
MATCH (s:Segment {id: $id})
RETURN COUNT { (:Customer)-[:MEMBER_OF]->(s) } AS members
