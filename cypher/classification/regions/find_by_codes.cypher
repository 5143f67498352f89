// find_by_codes: the regions with these codes.
// $codes: list of region codes
MATCH (n:Region)
WHERE n.code IN $codes
RETURN n {.*, parentCode: head([(n)-[:CHILD_OF]->(p:Region) | p.code])} AS node
