// filter_facet_tag: a filter's customers counted per child tag of $facetParent, a tag (its
// children) or a category (its top-level tags), largest first.
// {{source}}: a source_* query binding c; {{predicate}}: the compiled filter over c
// $facetParent: tag id or category id; $visibleCategoryIds: list of category ids, or null for
// all; $anchorKey, $f0, $f1, …: those of the source and the predicate
{{source}}
WHERE {{predicate}}
MATCH (c)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(bucket:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
  AND (EXISTS { (bucket)-[:CHILD_OF]->(:Tag {id: $facetParent}) }
       OR (cat.id = $facetParent AND NOT EXISTS { (bucket)-[:CHILD_OF]->(:Tag) }))
RETURN bucket.id AS key, bucket.name AS name, count(DISTINCT c) AS customers
ORDER BY customers DESC, key
