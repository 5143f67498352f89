// filter_count: how many customers a filter matches.
// {{source}}: a source_* query binding c; {{predicate}}: the compiled filter over c
// Parameters: none of its own; $anchorKey, $f0, $f1, …: those of the source and the predicate
{{source}}
WHERE {{predicate}}
RETURN count(c) AS total
