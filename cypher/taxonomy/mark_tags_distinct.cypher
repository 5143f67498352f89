// mark_tags_distinct: record that two tags are not duplicates, once per pair (MERGE in the
// canonical direction, smaller id to larger id, locks both tags); writes only when both
// exist and are visible. Returns the ids it found (null for a missing one) and whether the
// pair was new.
// $lowId, $highId: tag ids, $lowId < $highId; $by: who;
// $visibleCategoryIds: list of category ids, or null for all
OPTIONAL MATCH (low:Tag {id: $lowId})-[:IN_CATEGORY]->(lowCat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR lowCat.id IN $visibleCategoryIds
OPTIONAL MATCH (high:Tag {id: $highId})-[:IN_CATEGORY]->(highCat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR highCat.id IN $visibleCategoryIds
OPTIONAL MATCH (low)-[known:DISTINCT_FROM]->(high)
WITH low, high, known IS NOT NULL AS known
FOREACH (_ IN CASE WHEN low IS NOT NULL AND high IS NOT NULL THEN [1] ELSE [] END |
  MERGE (low)-[d:DISTINCT_FROM]->(high)
  ON CREATE SET d.at = datetime(), d.by = $by
)
RETURN low.id AS lowId, high.id AS highId, NOT known AS created
