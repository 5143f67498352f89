// find_tag_changes_page: one keyset page of a tag's history in [$start, $end): ADDED when an
// assignment began, REMOVED when it ended, by time, then customer id, then change.
// Pages are keyed on the moment as an integer (microseconds since the epoch): datetimes with
// the same instant in different zones are not equal in Cypher.
// $tagId: tag id; $start, $end: datetimes; $afterMicros: int or null (first page);
// $afterCustomerId, $afterChange: the other sort keys of the previous page's last row; $limit: int
MATCH (t:Tag {id: $tagId})
CALL (t) {
  MATCH (c:Customer)-[r:TAGGED|WAS_TAGGED]->(t)
  WHERE r.since >= $start AND r.since < $end
  RETURN r.since AS at, c.id AS customerId, 'ADDED' AS change, r.by AS by, r.source AS source
  UNION ALL
  MATCH (c:Customer)-[r:WAS_TAGGED]->(t)
  WHERE r.until >= $start AND r.until < $end
  RETURN r.until AS at, c.id AS customerId, 'REMOVED' AS change, r.removedBy AS by,
         r.removedSource AS source
}
WITH at, at.epochSeconds * 1000000 + at.microsecond AS micros, customerId, change, by, source
WHERE $afterMicros IS NULL OR micros > $afterMicros
   OR (micros = $afterMicros AND (customerId > $afterCustomerId
                                  OR (customerId = $afterCustomerId AND change > $afterChange)))
RETURN at, micros, customerId, change, by, source
ORDER BY micros, customerId, change
LIMIT $limit
