// filter_listing: a filter's customers for analysts to run in Neo4j Browser (segmentCypher).
// {{source}}: a source_* query binding c; {{predicate}}: the compiled filter over c
// Parameters: none of its own; $anchorKey, $f0, $f1, …: those of the source and the predicate
{{source}}
WHERE {{predicate}}
RETURN c.id AS id, c.name AS name
ORDER BY c.id
LIMIT 1000
