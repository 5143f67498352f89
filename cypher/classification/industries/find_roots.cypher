// find_roots: the top-level industries (GB/T 4754 sections), by code.
// Parameters: none.
MATCH (n:Industry)
WHERE NOT (n)-[:CHILD_OF]->(:Industry)
RETURN n {.*, parentCode: null} AS node
ORDER BY n.code
