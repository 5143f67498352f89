// customer_tags_on_a_date: the tags a customer held on a given day, from its history.
// $customerId: e.g. 'C0000001'; $at: e.g. datetime('2026-06-30T00:00:00Z')
// In Neo4j Browser: :param customerId => 'C0000001'; :param at => datetime('2026-06-30T00:00:00Z')
MATCH (c:Customer {id: $customerId})-[r:TAGGED|WAS_TAGGED]->(t:Tag)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN t.name AS tag, r.since AS since, r.by AS by, r.source AS source
ORDER BY tag
