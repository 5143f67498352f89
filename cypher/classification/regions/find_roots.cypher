// find_roots: the top-level regions (China and other countries), by code.
// Parameters: none.
MATCH (n:Region)
WHERE NOT (n)-[:CHILD_OF]->(:Region)
RETURN n {.*, parentCode: null} AS node
ORDER BY n.code
