// count_transitions: moves between the tags of an exclusive category per period: a customer
// whose assignment of one tag ended (REPLACED) at the moment another began; entries with no
// previous tag count with a null `fromTagId`.
// Nothing for a category the viewer may not see, as for an unknown one.
// $categoryId: category id; $start, $end: datetimes; $unit: 'day' | 'week' | 'month' | 'year';
// $visibleCategoryIds: list of category ids, or null for all
MATCH (cat:TagCategory {id: $categoryId})
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
CALL (cat) {
  MATCH (c:Customer)-[left:WAS_TAGGED]->(from:Tag)-[:IN_CATEGORY]->(cat)
  WHERE $start <= left.until < $end AND left.reason = 'REPLACED'
  MATCH (c)-[entered:TAGGED|WAS_TAGGED]->(to:Tag)-[:IN_CATEGORY]->(cat)
  WHERE entered.since = left.until AND to <> from
  RETURN left.until AS at, from.id AS fromTagId, to.id AS toTagId
  UNION ALL
  MATCH (c:Customer)-[entered:TAGGED|WAS_TAGGED]->(to:Tag)-[:IN_CATEGORY]->(cat)
  WHERE $start <= entered.since < $end
    AND NOT EXISTS { MATCH (c)-[left:WAS_TAGGED]->(:Tag)-[:IN_CATEGORY]->(cat)
                     WHERE left.until = entered.since }
  RETURN entered.since AS at, null AS fromTagId, to.id AS toTagId
}
RETURN date.truncate($unit, at) AS period, fromTagId, toTagId, count(*) AS transitions
ORDER BY period, transitions DESC, fromTagId, toTagId
