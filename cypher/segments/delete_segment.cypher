// delete_segment: remove a saved segment and its membership.
// $id: segment id
MATCH (s:Segment {id: $id})
DETACH DELETE s
RETURN count(*) AS deleted
