// filter_facet_industry: a filter's customers counted per child industry of $facetParent (per
// root industry when null), largest first.
// {{source}}: a source_* query binding c; {{predicate}}: the compiled filter over c
// $facetParent: industry code, or null; $anchorKey, $f0, $f1, …: those of the source and the
// predicate
{{source}}
WHERE {{predicate}}
MATCH (c)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF*0..]->(bucket:Industry)
WHERE ($facetParent IS NULL AND NOT EXISTS { (bucket)-[:CHILD_OF]->(:Industry) })
   OR EXISTS { (bucket)-[:CHILD_OF]->(:Industry {code: $facetParent}) }
RETURN bucket.code AS key, bucket.name AS name, count(DISTINCT c) AS customers
ORDER BY customers DESC, key
