// filter_facet_region: a filter's customers counted per child region of $facetParent (per
// root region when null), largest first.
// {{source}}: a source_* query binding c; {{predicate}}: the compiled filter over c
// $facetParent: region code, or null; $anchorKey, $f0, $f1, …: those of the source and the
// predicate
{{source}}
WHERE {{predicate}}
MATCH (c)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(bucket:Region)
WHERE ($facetParent IS NULL AND NOT EXISTS { (bucket)-[:CHILD_OF]->(:Region) })
   OR EXISTS { (bucket)-[:CHILD_OF]->(:Region {code: $facetParent}) }
RETURN bucket.code AS key, bucket.name AS name, count(DISTINCT c) AS customers
ORDER BY customers DESC, key
