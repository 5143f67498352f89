// find_by_codes: the industries with these codes.
// $codes: list of industry codes
MATCH (n:Industry)
WHERE n.code IN $codes
RETURN n {.*, parentCode: head([(n)-[:CHILD_OF]->(p:Industry) | p.code])} AS node
