// filter_ids: the ids of a filter's customers, at most $limit (unordered).
// {{source}}: a source_* query binding c; {{predicate}}: the compiled filter over c
// $limit: int; $anchorKey, $f0, $f1, …: those of the source and the predicate
{{source}}
WHERE {{predicate}}
RETURN c.id AS id
LIMIT $limit
