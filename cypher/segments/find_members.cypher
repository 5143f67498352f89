// find_members: one page of a static segment's members, by customer id.
// $id: segment id; $afterId: last id of the previous page ('' for the first); $limit: int
MATCH (c:Customer)-[:MEMBER_OF]->(:Segment {id: $id})
WHERE c.id > $afterId
RETURN c {.*,
  industryCode: head([(c)-[:IN_INDUSTRY]->(i:Industry) | i.code]),
  regionCode: head([(c)-[:LOCATED_IN]->(r:Region) | r.code])
} AS customer
ORDER BY c.id
LIMIT $limit
