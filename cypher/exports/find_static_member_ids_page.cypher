// find_static_member_ids_page: the ids of a STATIC segment's snapshot, one keyset page.
// $segmentId: segment id; $afterId: last id of the previous page ('' for the first); $limit: int
MATCH (c:Customer)-[:MEMBER_OF]->(:Segment {id: $segmentId})
WHERE c.id > $afterId
RETURN c.id AS id
ORDER BY c.id
LIMIT $limit
