// who_entered_a_tag: customers who got a tag in a period (e.g. 沉睡客户 last month), whether
// they still hold it (TAGGED) or not any more (WAS_TAGGED), with who or which rule tagged them.
// $tagName: e.g. '沉睡客户'; $since, $until: e.g. datetime('2026-10-01'), datetime('2026-11-01')
// In Neo4j Browser: :param tagName => '沉睡客户'; :param since => datetime('2026-10-01'); :param until => datetime('2026-11-01')
MATCH (c:Customer)-[r:TAGGED|WAS_TAGGED]->(t:Tag {name: $tagName})
WHERE $since <= r.since < $until
RETURN c.id AS customer, c.name AS name, r.since AS taggedAt, r.by AS by, r.source AS source,
       type(r) = 'TAGGED' AS stillHeld, r.until AS until, r.reason AS endedBecause
ORDER BY taggedAt
