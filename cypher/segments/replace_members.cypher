// replace_members: a static segment's membership becomes exactly $customerIds, kept as
// MEMBER_OF relationships (customers staying keep their `since`).
// $id: segment id; $customerIds: list of customer ids; $now: datetime
MATCH (s:Segment {id: $id})
OPTIONAL MATCH (gone:Customer)-[old:MEMBER_OF]->(s)
WHERE NOT gone.id IN $customerIds
DELETE old
WITH DISTINCT s
UNWIND $customerIds AS customerId
MATCH (c:Customer {id: customerId})
MERGE (c)-[m:MEMBER_OF]->(s)
ON CREATE SET m.since = $now
WITH s, count(c) AS members
SET s.refreshedAt = $now, s.memberCount = members
RETURN members
